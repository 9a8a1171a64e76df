package io.keyward.cloud.events;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("H5 event ingest over MQTT: acknowledged only once stored, on H2")
class EventIngestH2Test extends EventIngestTest {
}
