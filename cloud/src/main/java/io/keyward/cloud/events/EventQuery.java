package io.keyward.cloud.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.keyward.cloud.QueryParameters;
import io.keyward.protocol.event.EventKind;
import org.springframework.util.MultiValueMap;

/**
 * The filters of GET /api/locks/{id}/events (SPEC H5), read strictly from the query string: an unknown
 * parameter, a repeated one, a value that does not parse or is out of range answers 400 with the
 * parameter's name and rule, rather than being ignored (a typo'd filter must not show everything).
 *
 * @param before only events with a smaller seq (the paging cursor), or null
 * @param kinds  only these kinds; empty for all
 * @param user   only this lock user's events, or null
 * @param from   only events at or after this instant (the lock's time), or null
 * @param until  only events before this instant, or null
 */
record EventQuery(Long before, int limit, Set<String> kinds, Integer user, Instant from, Instant until) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private static final Set<String> PARAMETERS = Set.of("before", "limit", "kind", "user", "from", "until");
    /**
     * Storing accepts any kind, so a newer lock's events are never lost; only this filter is held to the
     * protocol's kinds, to tell a typo from "no such events".
     */
    private static final String KNOWN_KINDS = Arrays.stream(EventKind.values()).map(EventKind::name).sorted()
            .collect(Collectors.joining(", "));

    static EventQuery parse(MultiValueMap<String, String> params) {
        QueryParameters.onlyKnown(params, PARAMETERS);
        Long before = QueryParameters.number(params, "before", 0, Long.MAX_VALUE, "a sequence number (0 or more)");
        Long limit = QueryParameters.number(params, "limit", 1, MAX_LIMIT, "a whole number from 1 to " + MAX_LIMIT);
        Long user = QueryParameters.number(params, "user", 1, Integer.MAX_VALUE, "a lock user number (1 or more)");
        Instant from = instant(params, "from");
        Instant until = instant(params, "until");
        if (from != null && until != null && from.isAfter(until)) {
            throw QueryParameters.bad("from: must not be after until");
        }
        return new EventQuery(before, limit == null ? DEFAULT_LIMIT : limit.intValue(), kinds(params),
                user == null ? null : user.intValue(), from, until);
    }

    /** kind=UNLOCK&kind=ALARM or kind=UNLOCK,ALARM, each one a known kind. */
    private static Set<String> kinds(MultiValueMap<String, String> params) {
        Set<String> kinds = new LinkedHashSet<>();
        for (String value : params.getOrDefault("kind", List.of())) {
            for (String kind : value.split(",", -1)) {
                if (EventKind.of(kind.strip()).isEmpty()) {
                    throw QueryParameters.bad("kind: unknown kind '" + abbreviated(kind) + "'; known: " + KNOWN_KINDS);
                }
                kinds.add(kind.strip());
            }
        }
        return kinds;
    }

    private static Instant instant(MultiValueMap<String, String> params, String name) {
        String text = QueryParameters.single(params, name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException notAnInstant) {
            throw QueryParameters.bad(name + ": must be an ISO-8601 instant such as 2025-01-31T18:00:00Z");
        }
    }

    private static String abbreviated(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
