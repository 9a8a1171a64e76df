package io.keyward.cloud.locks;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("A3 pairing over HTTP, on H2")
class PairingApiH2Test extends PairingApiTest {
}
