package io.keyward.cloud.web;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("H1, H3 authorization matrix, on PostgreSQL")
class AuthorizationMatrixPostgresTest extends AuthorizationMatrixTest {
}
