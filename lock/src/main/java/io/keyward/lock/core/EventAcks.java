package io.keyward.lock.core;

import java.util.TreeSet;

/**
 * H5: which events the cloud has stored. What is kept acknowledged (in storage) only moves up to the
 * first gap, so an event the cloud never got is sent again; acks beyond a gap wait in RAM (after a
 * reboot those events are simply sent again, and the cloud keeps each once).
 */
final class EventAcks {

    private final Effects fx;
    private final TreeSet<Long> ackedAhead = new TreeSet<>();

    EventAcks(Effects fx) {
        this.fx = fx;
    }

    /**
     * The cloud stored each event from..seq (a run it stored in one batch; one event when from == seq).
     * An ack naming an event the lock never made, or an empty run, changes nothing.
     */
    void acknowledged(long from, long seq) {
        LockData data = fx.data();
        if (from > seq || seq <= data.acknowledgedSeq() || seq >= data.nextSeq()) {
            return;
        }
        long oldestKept = data.oldestKeptSeq(); // older ones were dropped by retention: nothing to wait for
        // at most the events the lock keeps (10,000), whatever the run claims
        for (long s = Math.max(from, Math.max(data.acknowledgedSeq() + 1, oldestKept)); s <= seq; s++) {
            ackedAhead.add(s);
        }
        long upTo = data.acknowledgedSeq();
        while (upTo + 1 < oldestKept || ackedAhead.remove(upTo + 1)) {
            upTo++;
        }
        ackedAhead.headSet(upTo + 1).clear();
        if (upTo > data.acknowledgedSeq()) {
            fx.commit(new Change.EventsAcknowledged(upTo));
        }
    }
}
