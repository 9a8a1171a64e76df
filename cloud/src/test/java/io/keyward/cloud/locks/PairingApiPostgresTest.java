package io.keyward.cloud.locks;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("A3 pairing over HTTP, on PostgreSQL")
class PairingApiPostgresTest extends PairingApiTest {
}
