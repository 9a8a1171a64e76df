package io.keyward.cloud.visitors;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("issue 15 visitor codes made in the app, over HTTP, on H2")
class AppMadeVisitorCodesApiH2Test extends AppMadeVisitorCodesApiTest {
}
