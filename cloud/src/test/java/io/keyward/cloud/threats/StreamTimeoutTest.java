package io.keyward.cloud.threats;

import java.time.Duration;

import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An alert stream that runs its time (keyward.alerts.stream-timeout, an hour by default; a second here)
 * simply ends: the browser's EventSource opens a new one. It is no failure of the request, so it logs no
 * ERROR and nothing tries to write a JSON error into the event stream (seen in the full run's log:
 * "request failed AsyncRequestTimeoutException", then "No converter for ApiError with preset
 * Content-Type 'text/event-stream'").
 */
@H2Storage
@TestPropertySource(properties = "keyward.alerts.stream-timeout=1s")
@ExtendWith(OutputCaptureExtension.class)
@DisplayName("an alert stream that runs its time ends quietly (H4)")
class StreamTimeoutTest extends CloudTest {

    @Test
    void alertStreamThatRunsItsTimeEndsWithoutAnErrorLogged(CapturedOutput output) throws Exception {
        String session = signIn(signUp());
        long opened = System.nanoTime();
        try (OpenStream stream = OpenStream.open(port, "/api/alerts/stream", "Cookie", "KW_SESSION=" + session)) {
            assertThat(stream.status).isEqualTo(200);
            assertThat(stream.endedWithin(opened, Duration.ofSeconds(10))).as("the stream ended after its time").isNotNull();
        }
        Thread.sleep(500); // the container's timeout handling runs after the client sees the end
        assertThat(output.getAll()).doesNotContain("AsyncRequestTimeoutException")
                .doesNotContain("No converter for [class io.keyward.cloud.web.ApiError]");
    }
}
