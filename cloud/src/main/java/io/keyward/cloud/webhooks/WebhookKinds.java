package io.keyward.cloud.webhooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.keyward.protocol.event.AlarmKind;
import io.keyward.protocol.event.EventKind;
import io.keyward.protocol.link.LinkMessages;

/**
 * What an endpoint may subscribe to, in the protocol's words: every {@link EventKind} (UNLOCK, LOCK,
 * ALARM, DOORBELL, ...), every {@link AlarmKind} on its own (LOW_BATTERY, TAMPER, ...: an ALARM event
 * with that alarm), and the lock's presence (ONLINE, OFFLINE). A delivery's type is the event's kind
 * (ALARM for every alarm, its alarm named in the body), or ONLINE / OFFLINE, or TEST.
 */
final class WebhookKinds {

    static final String ONLINE = "ONLINE";
    static final String OFFLINE = "OFFLINE";
    static final String TEST = "TEST";

    /** Every kind an endpoint may ask for, in a stable order (the app lists them). */
    static final List<String> ALL = Stream.of(
            Arrays.stream(EventKind.values()).map(Enum::name),
            Arrays.stream(AlarmKind.values()).map(Enum::name),
            Stream.of(ONLINE, OFFLINE)).flatMap(s -> s).toList();

    private WebhookKinds() {
    }

    /** The kinds as given, upper-cased and without repeats. @throws IllegalArgumentException naming unknown ones */
    static Set<String> parse(Collection<String> given) {
        Set<String> kinds = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String kind : given) {
            String name = kind == null ? "" : kind.strip().toUpperCase(java.util.Locale.ROOT);
            if (ALL.contains(name)) {
                kinds.add(name);
            } else {
                unknown.add(String.valueOf(kind));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown event kinds " + unknown + "; known: " + String.join(", ", ALL));
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("kinds must name at least one event kind");
        }
        return kinds;
    }

    /** Whether an endpoint with these kinds wants the event: by its kind, or, for an alarm, by its alarm. */
    static boolean wants(Set<String> kinds, LinkMessages.EventMessage event) {
        return kinds.contains(event.kind()) || EventKind.ALARM.name().equals(event.kind()) && kinds.contains(event.alarm());
    }

    static String presence(boolean online) {
        return online ? ONLINE : OFFLINE;
    }

    static Set<String> stored(String column) {
        return new LinkedHashSet<>(Arrays.asList(column.split(",")));
    }

    static String column(Set<String> kinds) {
        return String.join(",", kinds);
    }
}
