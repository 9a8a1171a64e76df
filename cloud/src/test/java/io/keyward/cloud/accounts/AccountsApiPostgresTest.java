package io.keyward.cloud.accounts;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("H1 accounts over HTTP, on PostgreSQL")
class AccountsApiPostgresTest extends AccountsApiTest {
}
