package io.keyward.cloud.alerts;

import java.util.List;
import java.util.UUID;

/**
 * Carries newly raised alerts to the accounts' open streams, after they are stored: an account's stream
 * may be open on any node, so {@link NodesAlertFanOut} hands them to this JVM's {@link AlertStreams} and
 * sends them to every other node over the {@code nodes.NodeChannel} (PostgreSQL LISTEN/NOTIFY). Losing a
 * message there costs only the live push: the alert is stored and unread, and the app lists it on its
 * next GET /api/alerts.
 */
public interface AlertFanOut {

    /** One alert for one account. */
    record Delivery(UUID account, Alert alert) {
    }

    /** Must not block for long: it runs on the thread that ingested the event. */
    void publish(List<Delivery> deliveries);
}
