package io.keyward.cloud.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.TestLocks;
import io.keyward.cloud.events.EventStore;
import io.keyward.cloud.webhooks.WebhookReceiver;
import io.keyward.protocol.link.LinkMessages.EventMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two cloud nodes on one PostgreSQL and one Mosquitto share the webhook queue (issue 12 item 2, with
 * the nodes work): each delivery is claimed by one node only (a conditional update of its lease), so
 * the receiver gets every event exactly once when it takes each at once, and in order per lock although
 * both nodes' workers pick from the same queues.
 */
@DisplayName("Webhooks: two cloud nodes on one PostgreSQL share the queue")
class WebhookTwoNodesTest {

    @TempDir
    Path data;

    @Test
    @DisplayName("webhooks: two nodes deliver each event once (no attempt sent twice), in order per lock")
    void twoNodesShareTheQueue() throws Exception {
        try (PostgresMosquitto shared = new PostgresMosquitto("kw_hooks_");
             WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, String> settings = new HashMap<>(shared.start());
            settings.put("keyward.webhooks.poll", "100ms");
            receiver.answering(request -> {
                sleep(15); // long enough for the other node to look at the same head meanwhile
                return 204;
            });
            Map<String, String> second = new HashMap<>(settings);
            // the nodes of one deployment share the secrets key (docs/cloud.md "Secrets at rest")
            second.put("keyward.secrets.key-file", data.resolve("one").resolve("cloud").resolve("secrets.key").toString());
            try (Cloud one = Cloud.start(data.resolve("one"), settings);
                 Cloud two = Cloud.start(data.resolve("two"), second)) {
                Account owner = Account.signUp(one);
                JdbcClient jdbc = one.bean(JdbcClient.class);
                UUID ownerId = TestLocks.accountId(jdbc, owner.email);
                List<UUID> locks = List.of(TestLocks.create(jdbc, ownerId, "Front"), TestLocks.create(jdbc, ownerId, "Back"));
                Api.Response created = expect(owner.post("/api/webhooks", Map.of("url", receiver.url(), "kinds", List.of("UNLOCK"))), 201);
                receiver.secret(created.json().get("secret").asString());

                Instant t0 = Instant.parse("2025-03-01T10:00:00Z");
                EventStore[] stores = {one.bean(EventStore.class), two.bean(EventStore.class)};
                int perLock = 20;
                for (int seq = 1; seq <= perLock; seq++) {
                    for (UUID lock : locks) {
                        stores[seq % 2].store(lock, new EventMessage(1, seq, t0.plusSeconds(seq), "UNLOCK", "KEYPAD", "OK", 1,
                                null, null, null, null));
                    }
                }
                int total = perLock * locks.size();
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.taken().size() == total);
                Thread.sleep(500);

                assertThat(receiver.requests()).as("no delivery sent twice").hasSize(total)
                        .allMatch(WebhookReceiver.Request::verified);
                for (UUID lock : locks) {
                    List<Long> seqs = new ArrayList<>();
                    receiver.taken().stream().map(WebhookReceiver.Request::json)
                            .filter(body -> body.get("data").get("lockId").asString().equals(lock.toString()))
                            .forEach(body -> seqs.add(body.get("data").get("seq").asLong()));
                    assertThat(seqs).as("in order for lock %s", lock).isSorted().hasSize(perLock).doesNotHaveDuplicates();
                }
                double sentOne = sent(one);
                double sentTwo = sent(two);
                assertThat(sentOne + sentTwo).as("attempts counted over both nodes").isEqualTo(total);
                System.out.printf("webhooks on two nodes: %d deliveries, node one sent %.0f, node two %.0f%n", total, sentOne, sentTwo);
            }
        }
    }

    private static double sent(Cloud cloud) {
        Counter counter = cloud.bean(MeterRegistry.class).find("keyward.webhook.deliveries").tag("outcome", "sent").counter();
        return counter == null ? 0 : counter.count();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
