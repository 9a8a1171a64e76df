package io.keyward.cloud.grants;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("Issue 15 device grants over HTTP, on PostgreSQL")
class GrantsApiPostgresTest extends GrantsApiTest {
}
