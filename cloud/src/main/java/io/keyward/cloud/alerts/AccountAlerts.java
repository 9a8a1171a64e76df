package io.keyward.cloud.alerts;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.keyward.cloud.AfterCommit;
import org.springframework.stereotype.Component;

/**
 * Alerts that the cloud raises itself for one account, not from a lock's alarm: a webhook endpoint
 * switched off after a day of failures ({@link #WEBHOOK_DISABLED}). Each still points at an event of
 * the lock it concerns (the one that could not be delivered), stored and pushed as any alert is.
 */
@Component
public class AccountAlerts {

    /** A webhook endpoint kept failing and was disabled (docs/webhooks.md). */
    public static final String WEBHOOK_DISABLED = "WEBHOOK_DISABLED";
    /**
     * A lock refused a person's access (docs/people.md, SPEC B11); seq is then the version of the lock's
     * command that was refused, and the person's page says why.
     */
    public static final String PERSON_SYNC_FAILED = "PERSON_SYNC_FAILED";

    private final Alerts alerts;
    private final AlertFanOut fanOut;
    private final Clock clock;

    AccountAlerts(Alerts alerts, AlertFanOut fanOut, Clock clock) {
        this.alerts = alerts;
        this.fanOut = fanOut;
        this.clock = clock;
    }

    /** Raises kind for the account about the lock's event seq; pushed once the transaction commits. */
    public void raise(UUID account, UUID lockId, long seq, String kind) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Alert alert = new Alert(UUID.randomUUID(), lockId, alerts.lockName(lockId), seq, kind, now, null, false, now, null, null);
        List<AlertFanOut.Delivery> deliveries = List.of(new AlertFanOut.Delivery(account, alert));
        alerts.add(deliveries);
        AfterCommit.run(() -> fanOut.publish(deliveries));
    }
}
