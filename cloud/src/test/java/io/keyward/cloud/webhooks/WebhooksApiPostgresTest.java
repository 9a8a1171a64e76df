package io.keyward.cloud.webhooks;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("Webhooks over HTTP, on PostgreSQL")
class WebhooksApiPostgresTest extends WebhooksApiTest {
}
