package io.keyward.cloud.webhooks;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code keyward.webhooks.*}, see docs/webhooks.md.
 *
 * @param connectTimeout   how long a delivery waits for the TCP (and TLS) connection
 * @param timeout          how long a delivery waits for the whole answer, connection included
 * @param firstRetry       the wait after the first failed attempt; it doubles after each failure
 * @param maxRetry         the longest wait between two attempts
 * @param disableAfter     an endpoint failing for this long (since its last success) is disabled
 * @param threads          attempts in flight at once on this node, over all endpoints
 * @param perEndpoint      attempts in flight at once to one endpoint on this node
 * @param poll             how often the queue is looked at when nothing new woke it
 * @param maxEndpoints     endpoints one account may register
 */
@ConfigurationProperties("keyward.webhooks")
record WebhookSettings(
        @DefaultValue("3s") Duration connectTimeout,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("10s") Duration firstRetry,
        @DefaultValue("1h") Duration maxRetry,
        @DefaultValue("24h") Duration disableAfter,
        @DefaultValue("16") int threads,
        @DefaultValue("4") int perEndpoint,
        @DefaultValue("1s") Duration poll,
        @DefaultValue("20") int maxEndpoints) {

    WebhookSettings {
        if (threads < 1 || perEndpoint < 1 || maxEndpoints < 1) {
            throw new IllegalArgumentException("keyward.webhooks.threads, per-endpoint and max-endpoints must be at least 1");
        }
    }

    /** The lease on a claimed delivery: longer than any attempt can take. */
    Duration lease() {
        return timeout.plus(connectTimeout).plusSeconds(5);
    }
}
