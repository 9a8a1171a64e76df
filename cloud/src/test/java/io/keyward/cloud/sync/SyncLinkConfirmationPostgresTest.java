package io.keyward.cloud.sync;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("F1 synchronized unlock linking, on PostgreSQL")
class SyncLinkConfirmationPostgresTest extends SyncLinkConfirmationTest {
}
