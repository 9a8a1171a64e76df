package io.keyward.cloud.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.AfterCommit;
import io.keyward.cloud.TransactionMemo;
import io.keyward.cloud.events.EventNames;
import io.keyward.cloud.events.NewEventListener;
import io.keyward.cloud.locks.LockPresenceChanged;
import io.keyward.cloud.locks.Locks;
import io.keyward.protocol.link.LinkMessages;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Puts a delivery in the queue for every endpoint that wants a newly stored event, inside the
 * transaction that stores it (so a delivery exists exactly when its event does), and for every lock
 * that goes online or offline. The body is written once, here: every attempt sends the same bytes.
 */
@Component
class WebhookOutbox implements NewEventListener {

    /** The seq of a delivery that is no stored event (ONLINE, OFFLINE). */
    static final long NO_EVENT = -1;

    private final WebhookEndpoints endpoints;
    private final WebhookQueue queue;
    private final Locks locks;
    private final ObjectMapper json;
    private final Clock clock;
    private final WebhookWorker worker;
    private final EventNames names;

    WebhookOutbox(WebhookEndpoints endpoints, WebhookQueue queue, Locks locks, ObjectMapper json, Clock clock,
                  WebhookWorker worker, EventNames names) {
        this.names = names;
        this.endpoints = endpoints;
        this.queue = queue;
        this.locks = locks;
        this.json = json;
        this.clock = clock;
        this.worker = worker;
    }

    /** One query for the endpoints listening to each of the batch's locks, read by {@link #newEvent}. */
    @Override
    public void beforeBatch(java.util.Collection<UUID> lockIds) {
        Map<UUID, List<WebhookEndpoints.Endpoint>> listening = endpoints.listening(lockIds);
        for (UUID lockId : lockIds) {
            TransactionMemo.put(List.of("webhook-endpoints", lockId), listening.getOrDefault(lockId, List.of()));
        }
    }

    @Override
    public void newEvent(UUID lockId, LinkMessages.EventMessage event) {
        // once per lock and event batch (TransactionMemo), not once per event: in a batch of 500 events
        // this lookup was a round trip each, most of the batch's time (issue 11, bench ingest)
        List<WebhookEndpoints.Endpoint> listening = TransactionMemo.get(List.of("webhook-endpoints", lockId),
                () -> endpoints.listening(lockId));
        List<WebhookEndpoints.Endpoint> wanting = listening.stream()
                .filter(endpoint -> WebhookKinds.wants(endpoint.kinds(), event)).toList();
        if (wanting.isEmpty()) {
            return;
        }
        Map<String, Object> data = lock(lockId);
        data.put("seq", event.seq());
        data.put("at", event.at().toString());
        data.put("kind", event.kind());
        putIfPresent(data, "method", event.method());
        putIfPresent(data, "result", event.result());
        putIfPresent(data, "user", event.user());
        putIfPresent(data, "credential", event.credential());
        putIfPresent(data, "reason", event.reason());
        putIfPresent(data, "alarm", event.alarm());
        putIfPresent(data, "detail", event.detail());
        // issue 14: the names people gave, as the event list shows them (added; the lock's fields stay)
        EventNames.Names named = names.of(lockId, new EventNames.Subject(event.user(), event.method(), event.credential(),
                event.detail()));
        if (named.any()) {
            Map<String, Object> given = new LinkedHashMap<>();
            putIfPresent(given, "user", named.user());
            putIfPresent(given, "account", named.account());
            putIfPresent(given, "visitor", named.visitor());
            putIfPresent(given, "credential", named.credential());
            data.put("names", given);
        }
        enqueue(wanting, lockId, event.seq(), event.kind(), event.at(), data);
    }

    @EventListener
    void presence(LockPresenceChanged change) {
        String type = WebhookKinds.presence(change.online());
        List<WebhookEndpoints.Endpoint> wanting = endpoints.listening(change.lockId()).stream()
                .filter(endpoint -> endpoint.kinds().contains(type)).toList();
        if (wanting.isEmpty()) {
            return;
        }
        Map<String, Object> data = lock(change.lockId());
        data.put("kind", type);
        data.put("at", change.at().toString());
        enqueue(wanting, change.lockId(), NO_EVENT, type, change.at(), data);
    }

    /** The body of a test delivery: marked TEST, naming the endpoint (and its lock, if it has one). */
    String testBody(WebhookEndpoints.Endpoint endpoint, Instant now) {
        Map<String, Object> data = endpoint.lockId() == null ? new LinkedHashMap<>() : lock(endpoint.lockId());
        data.put("kind", WebhookKinds.TEST);
        data.put("endpointId", endpoint.id().toString());
        data.put("message", "a test event from Keyward: this endpoint is reachable and its secret verifies");
        return body(WebhookKinds.TEST, now, data);
    }

    private void enqueue(List<WebhookEndpoints.Endpoint> wanting, UUID lockId, long seq, String type, Instant at,
                         Map<String, Object> data) {
        String body = body(type, at, data);
        Instant now = clock.instant();
        for (WebhookEndpoints.Endpoint endpoint : wanting) {
            queue.enqueue(endpoint.id(), lockId, seq, type, body, now);
        }
        AfterCommit.run(worker::wake);
    }

    /** Names the lock as the event list does: its id, serial and the name its owner gave it. */
    private Map<String, Object> lock(UUID lockId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("lockId", lockId.toString());
        locks.byId(lockId).ifPresent(lock -> {
            data.put("lockSerial", lock.serial());
            data.put("lockName", lock.name());
        });
        return data;
    }

    /** Standard Webhooks' envelope: type, timestamp (when it happened), data. */
    private String body(String type, Instant at, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", at.toString());
        body.put("data", data);
        return json.writeValueAsString(body);
    }

    private static void putIfPresent(Map<String, Object> data, String name, Object value) {
        if (value != null) {
            data.put(name, value);
        }
    }
}
