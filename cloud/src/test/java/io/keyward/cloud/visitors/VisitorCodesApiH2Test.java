package io.keyward.cloud.visitors;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("E1, E2 visitor passcodes over HTTP, on H2")
class VisitorCodesApiH2Test extends VisitorCodesApiTest {
}
