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

    void acknowledged(long seq) {
        LockData data = fx.data();
        if (seq <= data.acknowledgedSeq() || seq >= data.nextSeq()) {
            return;
        }
        ackedAhead.add(seq);
        long upTo = data.acknowledgedSeq();
        long oldestKept = data.oldestKeptSeq(); // older ones were dropped by retention: nothing to wait for
        while (upTo + 1 < oldestKept || ackedAhead.remove(upTo + 1)) {
            upTo++;
        }
        ackedAhead.headSet(upTo + 1).clear();
        if (upTo > data.acknowledgedSeq()) {
            fx.commit(new Change.EventsAcknowledged(upTo));
        }
    }
}
