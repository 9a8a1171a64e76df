package io.keyward.cloud.events;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("H5 batched event ingest: one commit a batch, acknowledged after it, on H2")
class EventBatchesH2Test extends EventBatchesTest {
}
