package io.keyward.cloud.web;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("H1 bad input sweep, on H2")
class BadInputSweepH2Test extends BadInputSweepTest {
}
