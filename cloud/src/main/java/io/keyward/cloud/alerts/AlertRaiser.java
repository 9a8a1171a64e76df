package io.keyward.cloud.alerts;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.keyward.cloud.AfterCommit;
import io.keyward.cloud.events.EventNames;
import io.keyward.cloud.events.NewEventListener;
import io.keyward.cloud.sharing.Access;
import io.keyward.protocol.event.EventKind;
import io.keyward.protocol.link.LinkMessages;
import org.springframework.stereotype.Component;

/**
 * Turns alerting events into alerts (SPEC H4) for the owner and every shared account: each an unread
 * row of its own, then a live push. Called once per newly stored event (never for a resent copy), in
 * the storing transaction; the push waits for the commit, so no stream shows an alert that was undone.
 */
@Component
class AlertRaiser implements NewEventListener {

    /** A DOORBELL event alerts (D8), as an alert of the same kind. */
    static final String DOORBELL = EventKind.DOORBELL.name();

    private final Access access;
    private final Alerts alerts;
    private final AlertFanOut fanOut;
    private final Clock clock;
    private final EventNames eventNames;

    AlertRaiser(Access access, Alerts alerts, AlertFanOut fanOut, Clock clock, EventNames eventNames) {
        this.access = access;
        this.alerts = alerts;
        this.fanOut = fanOut;
        this.clock = clock;
        this.eventNames = eventNames;
    }

    /**
     * The alert's kind, if the event alerts: the alarm's own name, so an alarm a newer lock adds still
     * alerts (a security product errs on the side of telling), or DOORBELL. Every ALARM event alerts:
     * the {@link io.keyward.protocol.event.AlarmKind}s TAMPER (D2), DURESS (B8), SYSTEM_LOCKED (D1),
     * LOW_BATTERY (D3), LEAVING_HOME_INSIDE_OPENING (D5).
     */
    static Optional<String> kindOf(LinkMessages.EventMessage event) {
        EventKind kind = EventKind.of(event.kind()).orElse(null);
        if (kind == EventKind.ALARM && event.alarm() != null && !event.alarm().isBlank()) {
            return Optional.of(event.alarm());
        }
        return kind == EventKind.DOORBELL ? Optional.of(DOORBELL) : Optional.empty();
    }

    @Override
    public void newEvent(UUID lockId, LinkMessages.EventMessage event) {
        kindOf(event).ifPresent(kind -> raise(lockId, event, kind));
    }

    private void raise(UUID lockId, LinkMessages.EventMessage event, String kind) {
        String lockName = alerts.lockName(lockId);
        // the database keeps microseconds: the pushed alert shows the same instant as the listed one
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        EventNames.Names names = eventNames.of(lockId, new EventNames.Subject(event.user(), event.method(), event.credential(),
                event.detail()));
        List<AlertFanOut.Delivery> deliveries = access.accountsOf(lockId).stream()
                .map(account -> new AlertFanOut.Delivery(account, alert(UUID.randomUUID(), lockId, lockName, event, kind, now, names)))
                .toList();
        alerts.add(deliveries);
        AfterCommit.run(() -> fanOut.publish(deliveries));
    }

    /** A DOORBELL alert carries the link to its snapshot (D8). */
    private static Alert alert(UUID id, UUID lockId, String lockName, LinkMessages.EventMessage event, String kind,
                               Instant now, EventNames.Names names) {
        return new Alert(id, lockId, lockName, event.seq(), kind, event.at(), event.user(), false, now,
                Alert.snapshotLink(id, kind), names);
    }

}
