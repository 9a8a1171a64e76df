package io.keyward.cloud.events;

import java.util.ArrayList;
import java.util.List;

import io.keyward.protocol.link.LinkMessages.EventMessage;

/**
 * Fits an event's text fields to the columns of {@code events} (V17) so that an event is always stored,
 * never refused (SPEC H5, issue 10 finding 1). The widths hold anything the lock's own model writes; a
 * longer field is cut to its width ending in "…", and a NUL character (which PostgreSQL cannot store
 * in text) becomes U+FFFD; either is named in {@link Fitted#truncated()} ("alarm:366", "detail:nul").
 */
final class EventFields {

    static final int KIND = 100;
    static final int METHOD = 100;
    static final int RESULT = 100;
    static final int CREDENTIAL = 200;
    static final int REASON = 200;
    static final int ALARM = 100;
    static final int DETAIL = 4000;

    /** The event as it is stored, and which fields were changed to fit (null when none). */
    record Fitted(EventMessage event, String truncated) {
    }

    private EventFields() {
    }

    static Fitted fit(EventMessage e) {
        List<String> notes = new ArrayList<>();
        EventMessage fitted = new EventMessage(e.v(), e.seq(), e.at(),
                fit("kind", e.kind(), KIND, notes),
                fit("method", e.method(), METHOD, notes),
                fit("result", e.result(), RESULT, notes),
                e.user(),
                fit("credential", e.credential(), CREDENTIAL, notes),
                fit("reason", e.reason(), REASON, notes),
                fit("alarm", e.alarm(), ALARM, notes),
                fit("detail", e.detail(), DETAIL, notes),
                // design §9: relayed to a linked lock, never stored; one too long is no statement (not cut)
                e.statement() != null && e.statement().length() <= io.keyward.protocol.trust.SyncStatement.MAX_TOKEN_LENGTH
                        ? e.statement() : null);
        return new Fitted(fitted, notes.isEmpty() ? null : String.join(",", notes));
    }

    private static String fit(String field, String value, int max, List<String> notes) {
        if (value == null) {
            return null;
        }
        String text = value;
        if (text.indexOf('\0') >= 0) {
            text = text.replace('\0', '\uFFFD');
            notes.add(field + ":nul");
        }
        if (text.length() > max) {
            notes.add(field + ":" + text.length());
            text = text.substring(0, max - 1) + "…";
        }
        return text;
    }
}
