package io.keyward.cloud.broker;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("embedded broker in the cloud's Spring context, on H2")
class BrokerSpringH2Test extends BrokerSpringTest {
}
