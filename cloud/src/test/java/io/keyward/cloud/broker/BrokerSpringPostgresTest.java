package io.keyward.cloud.broker;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("embedded broker in the cloud's Spring context, on PostgreSQL")
class BrokerSpringPostgresTest extends BrokerSpringTest {
}
