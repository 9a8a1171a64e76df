package io.keyward.cloud.events;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("H5 event ingest over MQTT: acknowledged only once stored, on PostgreSQL")
class EventIngestPostgresTest extends EventIngestTest {
}
