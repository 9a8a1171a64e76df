package io.keyward.cloud.events;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("H5 lock events over HTTP, on PostgreSQL")
class EventsApiPostgresTest extends EventsApiTest {
}
