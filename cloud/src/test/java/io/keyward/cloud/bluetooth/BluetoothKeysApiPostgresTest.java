package io.keyward.cloud.bluetooth;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("C5, E3 Bluetooth keys over HTTP, on PostgreSQL")
class BluetoothKeysApiPostgresTest extends BluetoothKeysApiTest {
}
