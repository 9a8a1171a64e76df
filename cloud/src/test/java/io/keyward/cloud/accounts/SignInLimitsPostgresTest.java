package io.keyward.cloud.accounts;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("H1 sign-in limits, on PostgreSQL")
class SignInLimitsPostgresTest extends SignInLimitsTest {
}
