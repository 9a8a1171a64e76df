package io.keyward.cloud.alerts;

import java.util.List;
import java.util.UUID;

/**
 * Carries newly raised alerts to the accounts' open streams, after they are stored.
 * <p>
 * One node: {@link LocalAlertFanOut} hands them straight to this JVM's {@link AlertStreams}. Several
 * nodes behind a load balancer: an account's stream may be open on another node than the one that
 * ingested the event, so a deployment plugs in an implementation (selected by
 * {@code keyward.alerts.fan-out}) that publishes each delivery to every node — e.g. on the MQTT broker
 * the locks already use, a topic such as {@code keyward/v1/cloud/alerts} subscribed to by every node
 * without a shared subscription, or PostgreSQL LISTEN/NOTIFY — and on receipt calls
 * {@link AlertStreams#deliver} locally. Losing a message there costs only the live push: the alert
 * is stored and unread, and the app lists it on its next GET /api/alerts.
 */
public interface AlertFanOut {

    /** One alert for one account. */
    record Delivery(UUID account, Alert alert) {
    }

    /** Must not block for long: it runs on the thread that ingested the event. */
    void publish(List<Delivery> deliveries);
}
