package io.keyward.cloud.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.TestLocks;
import io.keyward.cloud.events.EventStore;
import io.keyward.cloud.webhooks.WebhookReceiver;
import io.keyward.protocol.link.LinkMessages.EventMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks' queue is in the database (issue 12 item 2): deliveries still pending when the cloud stops
 * are delivered, in order and with their webhook-ids, by the cloud started again on the same data.
 */
@DisplayName("Faults: webhook deliveries pending across a cloud restart")
class WebhookRestartTest {

    @TempDir
    Path data;

    @Test
    @DisplayName("webhooks: deliveries pending when the cloud stops arrive after it starts again (same database), once each, in order")
    void pendingDeliveriesSurviveARestart() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
             Cloud cloud = Cloud.start(data.resolve("cloud"), Map.of("keyward.webhooks.first-retry", "1s"))) {
            receiver.answering(request -> 500);
            Account owner = Account.signUp(cloud);
            JdbcClient jdbc = cloud.bean(JdbcClient.class);
            UUID lock = TestLocks.create(jdbc, TestLocks.accountId(jdbc, owner.email), "Front door");
            Api.Response created = expect(owner.post("/api/webhooks", Map.of("url", receiver.url(), "kinds", List.of("UNLOCK"))), 201);
            receiver.secret(created.json().get("secret").asString());

            EventStore store = cloud.bean(EventStore.class);
            Instant t0 = Instant.parse("2025-03-01T10:00:00Z");
            for (long seq = 1; seq <= 3; seq++) {
                store.store(lock, new EventMessage(1, seq, t0.plusSeconds(seq), "UNLOCK", "KEYPAD", "OK", 1, null, null, null, null));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.requests().isEmpty());
            cloud.stop();
            String firstId = receiver.requests().get(0).id();
            int whileRunning = receiver.requests().size();

            receiver.answering(request -> 204);
            Thread.sleep(1500);
            assertThat(receiver.requests()).as("nothing sent while the cloud is stopped").hasSize(whileRunning);

            cloud.startAgain();
            await().atMost(Duration.ofSeconds(40)).until(() -> receiver.taken().size() == 3);
            assertThat(receiver.requests()).allMatch(WebhookReceiver.Request::verified);
            assertThat(receiver.taken().get(0).id()).as("the same webhook-id as before the restart").isEqualTo(firstId);
            assertThat(receiver.taken().stream().map(r -> r.json().get("data").get("seq").asLong()))
                    .containsExactly(1L, 2L, 3L);
            assertThat(cloud.bean(JdbcClient.class).sql("select count(*) from webhook_deliveries").query(Long.class).single()).isZero();
        }
    }
}
