package io.keyward.cloud.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Load for fault tests: each lock, on a thread of its own, types a wrong passcode again and again - an
 * event each (C9), later LOCKED_OUT refusals, also events - until stopped or up to a count.
 */
final class WrongPasscodes {

    private final AtomicBoolean on = new AtomicBoolean(true);
    private final ExecutorService doors;
    private final List<Future<Integer>> made = new ArrayList<>();

    private WrongPasscodes(List<Lock> locks, int most, long pauseMillis) {
        doors = Executors.newFixedThreadPool(locks.size());
        for (Lock lock : locks) {
            made.add(doors.submit(() -> {
                int n = 0;
                while (on.get() && n < most) {
                    lock.type("9081726354");
                    n++;
                    Thread.sleep(pauseMillis);
                }
                return n;
            }));
        }
    }

    static WrongPasscodes start(List<Lock> locks, int most, long pauseMillis) {
        return new WrongPasscodes(locks, most, pauseMillis);
    }

    /** Stops typing; returns how many were typed in all. */
    int stop() throws Exception {
        on.set(false);
        int typed = 0;
        for (Future<Integer> f : made) {
            typed += f.get();
        }
        doors.shutdown();
        return typed;
    }
}
