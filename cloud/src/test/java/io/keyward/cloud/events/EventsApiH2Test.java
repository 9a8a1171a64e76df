package io.keyward.cloud.events;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("H5 lock events over HTTP, on H2")
class EventsApiH2Test extends EventsApiTest {
}
