package io.keyward.cloud.names;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("Issue 14 people's words over HTTP, on PostgreSQL")
class PeoplesWordsApiPostgresTest extends PeoplesWordsApiTest {
}
