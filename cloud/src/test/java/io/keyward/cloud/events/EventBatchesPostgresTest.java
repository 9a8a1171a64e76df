package io.keyward.cloud.events;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("H5 batched event ingest: one commit a batch, acknowledged after it, on PostgreSQL")
class EventBatchesPostgresTest extends EventBatchesTest {
}
