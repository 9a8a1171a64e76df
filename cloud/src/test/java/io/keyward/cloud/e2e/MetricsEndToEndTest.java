package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keyward.cloud.alerts.AlertStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 12 item 3 (docs/cloud.md "Metrics"): GET /actuator/prometheus on the management port names the
 * keyward_* metrics and Boot's JVM and HTTP ones, and they move when locks act; the main port does not
 * serve it; exposed beyond loopback it needs keyward.metrics.token (and the cloud will not start without
 * one); deploy/grafana/keyward.json queries only metrics the cloud serves.
 */
class MetricsEndToEndTest extends CloudWithLocks {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern METRIC = Pattern.compile("\\b(?:keyward|jvm|http_server|process)_[a-z0-9_]+");
    /** Served by the webhooks feature (branch webhooks, its own counter); listed in the dashboard already. */
    private static final Set<String> SERVED_ELSEWHERE = Set.of("keyward_webhook_deliveries_total");

    @Override
    Map<String, String> settings() {
        return Map.of("keyward.metrics.database-cache", "0s"); // every scrape reads the database: the test sees moves at once
    }

    @Test
    @DisplayName("issue 12: the metrics name locks connected, events per kind, ingest lag, pending commands, unlock latency, alerts, streams, JVM and HTTP, and move when a lock acts")
    void metricsMoveWhenLocksAct() throws Exception {
        answered(); // Boot's HTTP server timer appears with the main port's first request
        String before = scrape(cloud.metricsUri(), null).body();
        for (String name : new String[] {"keyward_locks_connected", "keyward_events_stored_total{kind=\"UNLOCK\"}",
                "keyward_ingest_lag_seconds_count", "keyward_commands_pending", "keyward_commands_pending_oldest_age_seconds",
                "keyward_unlock_remote_seconds_count{outcome=\"unlocked\"}", "keyward_unlock_remote_seconds_bucket",
                "keyward_alert_deliveries_total{outcome=\"sent\"}", "keyward_alert_deliveries_total{outcome=\"failed\"}",
                "keyward_streams_open", "jvm_memory_used_bytes", "http_server_requests_seconds_count"}) {
            assertThat(before).as(name).containsPattern("(?m)^" + Pattern.quote(name));
        }
        double unlockEvents = value(before, "keyward_events_stored_total{kind=\"UNLOCK\"}");
        double lagged = value(before, "keyward_ingest_lag_seconds_count");

        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        assertThat(value(scrape(cloud.metricsUri(), null).body(), "keyward_locks_connected")).isEqualTo(1);

        EndToEndTest.enableRemoteUnlock(owner, id);
        try (AlertStream stream = new AlertStream(cloud.uri().getPort(), "Authorization", "Bearer " + owner.token())) {
            await().atMost(SOON).until(() -> value(scrape(cloud.metricsUri(), null).body(), "keyward_streams_open") == 1);
            expect(owner.post("/api/locks/" + id + "/unlock", "{}"), 200);
            lock.post("/tamper", "{}");
            assertThat(stream.nextAlert(SOON)).as("the tamper alert").isNotNull();
        }
        await().atMost(SOON).untilAsserted(() -> {
            String after = scrape(cloud.metricsUri(), null).body();
            assertThat(value(after, "keyward_unlock_remote_seconds_count{outcome=\"unlocked\"}")).isEqualTo(1);
            assertThat(value(after, "keyward_events_stored_total{kind=\"UNLOCK\"}")).isEqualTo(unlockEvents + 1);
            assertThat(value(after, "keyward_events_stored_total{kind=\"ALARM\"}")).isGreaterThanOrEqualTo(1);
            assertThat(value(after, "keyward_ingest_lag_seconds_count")).isGreaterThan(lagged);
            assertThat(value(after, "keyward_alert_deliveries_total{outcome=\"sent\"}")).isGreaterThanOrEqualTo(1);
        });

        lock.running().dropLink();
        await().atMost(SOON).until(() -> !owner.lock(id).get("online").asBoolean());
        expect(owner.put("/api/locks/" + id + "/settings/RELOCK_SECONDS", Map.of("value", "45")), 202);
        Thread.sleep(1100);
        String offline = scrape(cloud.metricsUri(), null).body();
        assertThat(value(offline, "keyward_locks_connected")).isZero();
        assertThat(value(offline, "keyward_commands_pending")).isEqualTo(1);
        assertThat(value(offline, "keyward_commands_pending_oldest_age_seconds")).isGreaterThanOrEqualTo(1);
    }

    @Test
    @DisplayName("issue 12: the main port serves no /actuator: neither the metrics nor the health endpoint; it has /livez and /readyz")
    void theMainPortServesNoMetrics() throws Exception {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/health", "/actuator"}) {
            HttpResponse<String> answer = scrape(cloud.uri().resolve(path), null);
            assertThat(answer.statusCode()).as(path).isIn(401, 404);
            assertThat(answer.body()).as(path).doesNotContain("keyward_").doesNotContain("jvm_");
        }
        assertThat(scrape(cloud.uri().resolve("/readyz"), null).statusCode()).isEqualTo(200);
        assertThat(scrape(cloud.uri().resolve("/livez"), null).statusCode()).isEqualTo(200);
        assertThat(cloud.metricsUri().getPort()).isNotEqualTo(cloud.uri().getPort());
    }

    @Test
    @DisplayName("issue 12: bound beyond loopback without keyward.metrics.token the cloud refuses to start; with one, a scrape needs it")
    void exposedMetricsNeedAToken() throws Exception {
        assertThatThrownBy(() -> Cloud.start(data.resolve("open"), Map.of("management.server.address", "0.0.0.0")))
                .rootCause().hasMessageContaining("keyward.metrics.token");

        try (Cloud exposed = Cloud.start(data.resolve("exposed"),
                Map.of("management.server.address", "0.0.0.0", "keyward.metrics.token", "scrape-me-7f3a"))) {
            HttpResponse<String> none = scrape(exposed.metricsUri(), null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).contains("\"error\"").contains("Bearer").doesNotContain("keyward_");
            HttpResponse<String> wrong = scrape(exposed.metricsUri(), "scrape-me-7f3b");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("wrong metrics token");
            HttpResponse<String> right = scrape(exposed.metricsUri(), "scrape-me-7f3a");
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(right.body()).contains("keyward_locks_connected");
        }
    }

    @Test
    @DisplayName("issue 12: deploy/grafana/keyward.json is a Grafana dashboard whose every query names a metric the cloud serves")
    void theDashboardReadsServedMetrics() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(Path.of("..", "deploy", "grafana", "keyward.json")));
        assertThat(dashboard.get("title").asString()).isNotBlank();
        assertThat(dashboard.get("uid").asString()).isNotBlank();
        assertThat(dashboard.get("schemaVersion").asInt()).isPositive();
        answered();
        String served = scrape(cloud.metricsUri(), null).body();
        Set<String> queried = new LinkedHashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("type").asString()).as("panel type").isIn("timeseries", "stat");
            assertThat(panel.get("gridPos").get("w").asInt()).isBetween(1, 24);
            assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.get("refId").asString()).isNotBlank();
                Matcher names = METRIC.matcher(target.get("expr").asString());
                while (names.find()) {
                    queried.add(names.group());
                }
            }
        }
        assertThat(queried).contains("keyward_locks_connected", "keyward_events_stored_total", "keyward_ingest_lag_seconds_bucket",
                "keyward_commands_pending", "keyward_commands_pending_oldest_age_seconds", "keyward_unlock_remote_seconds_bucket",
                "keyward_alert_deliveries_total", "keyward_webhook_deliveries_total", "keyward_streams_open");
        for (String name : queried) {
            if (!SERVED_ELSEWHERE.contains(name)) {
                assertThat(served).as("served: " + name).containsPattern("(?m)^" + Pattern.quote(name) + "[{ ]");
            }
        }
    }

    private void answered() throws IOException, InterruptedException {
        assertThat(scrape(cloud.uri().resolve("/readyz"), null).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> scrape(URI uri, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the one sample named exactly so (labels included, as the registry writes them). */
    private static double value(String body, String sample) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(body);
        assertThat(line.find()).as("a sample " + sample).isTrue();
        return Double.parseDouble(line.group(1));
    }
}
