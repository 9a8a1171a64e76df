package io.keyward.cloud.alerts;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("H4 alerts over HTTP and server-sent events, on H2")
class AlertsApiH2Test extends AlertsApiTest {
}
