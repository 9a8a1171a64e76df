package io.keyward.cloud.visitors;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("E1, E2 visitor passcodes over HTTP, on PostgreSQL")
class VisitorCodesApiPostgresTest extends VisitorCodesApiTest {
}
