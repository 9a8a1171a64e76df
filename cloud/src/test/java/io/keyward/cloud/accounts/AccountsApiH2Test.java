package io.keyward.cloud.accounts;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("H1 accounts over HTTP, on H2")
class AccountsApiH2Test extends AccountsApiTest {
}
