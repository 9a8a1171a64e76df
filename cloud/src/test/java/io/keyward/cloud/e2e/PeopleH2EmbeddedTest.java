package io.keyward.cloud.e2e;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;

@DisplayName("People end to end: H2 file storage, embedded broker")
class PeopleH2EmbeddedTest extends PeopleEndToEndTest {

    @Override
    Map<String, String> settings() {
        return Map.of();
    }

    @Override
    boolean onTheSharedCloud() {
        return true;
    }
}
