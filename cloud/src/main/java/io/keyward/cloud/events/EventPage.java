package io.keyward.cloud.events;

import java.util.List;

/**
 * A page of events, newest first. {@code next} is the cursor for the following page (pass it as
 * {@code before}), or null when this page reaches the oldest matching event.
 */
record EventPage(List<StoredEvent> events, Long next) {

    /** From up to limit + 1 rows: the extra row only says that more exist. */
    static EventPage of(List<StoredEvent> rows, int limit) {
        if (rows.size() <= limit) {
            return new EventPage(rows, null);
        }
        List<StoredEvent> page = rows.subList(0, limit);
        return new EventPage(List.copyOf(page), page.get(limit - 1).seq());
    }
}
