package io.keyward.cloud.sharing;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("H3 invitations over HTTP, on H2")
class InvitationsApiH2Test extends InvitationsApiTest {
}
