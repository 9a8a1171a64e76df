package io.keyward.cloud.sync;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("F1 synchronized unlock linking, on H2")
class SyncLinkConfirmationH2Test extends SyncLinkConfirmationTest {
}
