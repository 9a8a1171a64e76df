package io.keyward.protocol.event;

/** The "result" field of an event: done or refused (SPEC C9; a refusal also carries its reason). */
public enum Result {
    /** Done: the door opened, the change was made (C9). */
    OK,
    /** Refused, with a reason in the event's "reason" field (C9). */
    REFUSED
}
