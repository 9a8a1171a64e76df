package io.keyward.cloud.sharing;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("H3 invitations over HTTP, on PostgreSQL")
class InvitationsApiPostgresTest extends InvitationsApiTest {
}
