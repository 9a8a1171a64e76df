package io.keyward.cloud.alerts;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("H4 alerts over HTTP and server-sent events, on PostgreSQL")
class AlertsApiPostgresTest extends AlertsApiTest {
}
