package io.keyward.lock.core;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The alarms the panel shows (tamper, system locked), each sounding until its end; the newest few are kept. */
final class Alarms {

    private static final int KEPT = 10;

    private record Alarm(String kind, Instant at, Instant until) {
    }

    private final ArrayDeque<Alarm> alarms = new ArrayDeque<>();

    void raise(String kind, Instant at, Instant until) {
        alarms.addLast(new Alarm(kind, at, until));
        if (alarms.size() > KEPT) {
            alarms.removeFirst();
        }
    }

    /** Silences every sounding alarm of this kind (a lifted lockout). */
    void clear(String kind, Instant now) {
        List<Alarm> kept = new ArrayList<>();
        for (Alarm a : alarms) {
            kept.add(a.kind().equals(kind) && a.until().isAfter(now) ? new Alarm(a.kind(), a.at(), now) : a);
        }
        alarms.clear();
        alarms.addAll(kept);
    }

    Instant nextEnd(Instant now) {
        return alarms.stream().map(Alarm::until).filter(u -> u.isAfter(now)).min(Instant::compareTo).orElse(null);
    }

    List<LockView.AlarmView> view(Instant now) {
        return alarms.stream().map(a -> new LockView.AlarmView(a.kind(), a.at(), a.until().isAfter(now))).toList();
    }
}
