package io.keyward.cloud.web;

import io.keyward.cloud.PostgresStorage;
import org.junit.jupiter.api.DisplayName;

@PostgresStorage
@DisplayName("H1 bad input sweep, on PostgreSQL")
class BadInputSweepPostgresTest extends BadInputSweepTest {
}
