package io.keyward.lock.core;

import java.time.Instant;

import io.keyward.protocol.event.AlarmKind;
import io.keyward.protocol.event.Result;
import io.keyward.protocol.event.UnlockMethod;

/**
 * One entry the lock is about to log (SPEC C9), said by what happened instead of eight positional
 * nullable strings: {@code Event.unlock(method).ok(user, credential)}, {@code Event.refused(kind,
 * reason).detail(...)}, {@code Event.alarm(kind)}. Only {@link #alarm} makes an ALARM event, and it
 * is the only way to fill the alarm field, so "an alarm only on ALARM events" (issue 10 finding 1:
 * free text once landed there) holds by construction; words go to {@link #detail}.
 */
final class Event {

    private static final String OK = Result.OK.name();
    private static final String REFUSED = Result.REFUSED.name();

    private final String kind;
    private final String result;
    private final String reason;
    private final String alarm;
    private String method;
    private Integer user;
    private String credential;
    private String detail;

    private Event(String kind, String result, String reason, String alarm) {
        if (LockEvent.ALARM.equals(kind) && alarm == null) {
            throw new IllegalArgumentException("an ALARM event is made by Event.alarm(kind)");
        }
        this.kind = kind;
        this.result = result;
        this.reason = reason;
        this.alarm = alarm;
    }

    /** Something done: this kind with result OK. */
    static Event ok(String kind) {
        return new Event(kind, OK, null, null);
    }

    /** Something refused, and why (a reason word such as PRIVACY_MODE). */
    static Event refused(String kind, String reason) {
        return new Event(kind, REFUSED, reason, null);
    }

    /** Something that happened with no outcome to report (the doorbell, D8). */
    static Event happened(String kind) {
        return new Event(kind, null, null, null);
    }

    /** An ALARM event of this alarm kind (TAMPER, DURESS, LOW_BATTERY ...). */
    static Event alarm(AlarmKind alarmKind) {
        return new Event(LockEvent.ALARM, null, null, alarmKind.name());
    }

    /** An UNLOCK by this method, finished by {@link Unlock#ok} or {@link Unlock#refused}. */
    static Unlock unlock(UnlockMethod method) {
        return new Unlock(method);
    }

    /** The bolt thrown (LOCK, OK); method null for an automatic relock. */
    static Event lock(UnlockMethod method) {
        return ok(LockEvent.LOCK).method(method);
    }

    Event method(UnlockMethod method) {
        this.method = method == null ? null : method.name();
        return this;
    }

    /** The lock user and credential it concerns (either may be null). */
    Event by(Integer user, String credential) {
        this.user = user;
        this.credential = credential;
        return this;
    }

    /** Free text for people (never an alarm, never a reason). */
    Event detail(String detail) {
        this.detail = detail;
        return this;
    }

    /**
     * The account that asked for this change in the app, through the cloud (null: nobody did, nothing
     * added): "account bob@example.org" joins the detail, as remote unlock's detail names its account.
     */
    Event askedBy(String account) {
        if (account != null) {
            // a device-signed command without an account names only its device (issue 15): "device <id>"
            String who = account.startsWith(DEVICE) ? account : "account " + account;
            detail = detail == null ? who : detail + ", " + who;
        }
        return this;
    }

    /** How a device-signed command's signer is named in its events (issue 15, docs/trust.md §2). */
    static final String DEVICE = "device ";

    /** The log entry, numbered and stamped by the lock. */
    LockEvent numbered(long seq, Instant at) {
        return new LockEvent(seq, at, kind, method, result, user, credential, reason, alarm, detail);
    }

    /** An UNLOCK event waiting for its outcome. */
    static final class Unlock {
        private final UnlockMethod method;

        private Unlock(UnlockMethod method) {
            this.method = method;
        }

        Event ok() {
            return Event.ok(LockEvent.UNLOCK).method(method);
        }

        Event ok(Integer user, String credential) {
            return ok().by(user, credential);
        }

        Event refused(String reason) {
            return Event.refused(LockEvent.UNLOCK, reason).method(method);
        }
    }
}
