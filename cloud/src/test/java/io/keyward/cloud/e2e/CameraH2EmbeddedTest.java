package io.keyward.cloud.e2e;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Camera end to end: H2 file storage, embedded broker")
class CameraH2EmbeddedTest extends CameraEndToEndTest {

    @Override
    Map<String, String> settings() {
        return Map.of();
    }

    @Override
    boolean onTheSharedCloud() {
        return true;
    }
}
