package io.keyward.cloud.visitors;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("issue 15 visitor codes made in the app, over HTTP, on PostgreSQL")
class AppMadeVisitorCodesApiPostgresTest extends AppMadeVisitorCodesApiTest {
}
