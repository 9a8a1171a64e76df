package io.keyward.cloud.e2e;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;

@DisplayName("End to end: H2 file storage, embedded broker")
class EndToEndH2EmbeddedTest extends EndToEndTest {

    @Override
    Map<String, String> settings() {
        return Map.of();
    }

    @Override
    boolean onTheSharedCloud() {
        return true;
    }
}
