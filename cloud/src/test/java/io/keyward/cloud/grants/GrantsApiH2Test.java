package io.keyward.cloud.grants;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("Issue 15 device grants over HTTP, on H2")
class GrantsApiH2Test extends GrantsApiTest {
}
