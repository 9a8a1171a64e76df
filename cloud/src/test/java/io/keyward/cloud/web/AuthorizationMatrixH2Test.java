package io.keyward.cloud.web;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("H1, H3 authorization matrix, on H2")
class AuthorizationMatrixH2Test extends AuthorizationMatrixTest {
}
