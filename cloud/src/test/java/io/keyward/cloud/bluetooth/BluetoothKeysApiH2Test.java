package io.keyward.cloud.bluetooth;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("C5, E3 Bluetooth keys over HTTP, on H2")
class BluetoothKeysApiH2Test extends BluetoothKeysApiTest {
}
