package io.keyward.cloud.webhooks;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("Webhooks over HTTP, on H2")
class WebhooksApiH2Test extends WebhooksApiTest {
}
