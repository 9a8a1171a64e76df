package io.keyward.lock.fleet;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.fleet.FleetCounts.Outcome;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The fleet's day: actions at a set rate on random connected locks, in a fixed mix: keypad and
 * fingerprint unlocks at the lock, remote unlocks and settings changes through the REST API as the
 * app makes them, and alarms (a tamper, a wrong passcode: five in a row lock the keypad out, D1).
 * Actions run on a pool of 32 threads; when it is busy an action is counted as skipped, never queued without
 * end, so a slow cloud shows as skipped actions rather than a growing backlog.
 */
public final class Activity implements AutoCloseable {

    /** The kinds of action and their share of the mix (weights). */
    public enum Kind {
        KEYPAD(30), FINGERPRINT(30), REMOTE_UNLOCK(15), SETTING(10), TAMPER(10), WRONG_PASSCODE(5);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    private static final int WORKERS = 32; // a remote unlock may wait seconds for its answer

    private final List<FleetLock> locks;
    private final List<AppClient> apps;
    private final FleetCounts counts;
    private final Random random;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fleet-ticker"));
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> daemon(r, "fleet-action"));
    private final Semaphore busy = new Semaphore(WORKERS * 4);

    private final int fingerprints; // locks 0 .. fingerprints-1 have the administrator's thumb

    Activity(List<FleetLock> locks, List<AppClient> apps, FleetCounts counts, double perSecond, long seed, int fingerprints) {
        this.locks = locks;
        this.fingerprints = Math.min(fingerprints, locks.size());
        this.apps = apps;
        this.counts = counts;
        this.random = new Random(seed);
        if (perSecond > 0) {
            long periodMicros = Math.max(1, (long) (1_000_000 / perSecond));
            ticker.scheduleAtFixedRate(this::next, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void next() {
        Kind kind = pick(random.nextInt(100));
        if (kind == Kind.FINGERPRINT && fingerprints == 0) {
            counts.add("skipped (no lock with a finger enrolled)");
            return;
        }
        FleetLock lock = locks.get(random.nextInt(kind == Kind.FINGERPRINT ? fingerprints : locks.size()));
        if (!lock.connected() || lock.cloudId == null) {
            counts.add("skipped (lock not connected)");
            return;
        }
        if (!busy.tryAcquire()) {
            counts.add("skipped (all workers busy)");
            return;
        }
        workers.execute(() -> {
            try {
                counts.action(kind, run(kind, lock));
            } catch (Exception e) {
                counts.action(kind, Outcome.FAILED);
                counts.error(kind + " on " + lock.serial + ": " + e.getMessage());
            } finally {
                busy.release();
            }
        });
    }

    static Kind pick(int percent) {
        int sum = 0;
        for (Kind kind : Kind.values()) {
            sum += kind.weight;
            if (percent < sum) {
                return kind;
            }
        }
        return Kind.KEYPAD;
    }

    /** Carries out one action and says how it went (by the lock's own event log, or the cloud's answer). */
    Outcome run(Kind kind, FleetLock lock) throws Exception {
        long before = lock.lastSeq();
        switch (kind) {
            case KEYPAD -> {
                lock.lock.touch();
                lock.type(FleetLock.PASSCODE);
                return opened(lock, before);
            }
            case FINGERPRINT -> {
                lock.lock.finger(lock.thumb(), 0.95);
                return opened(lock, before);
            }
            case WRONG_PASSCODE -> {
                lock.lock.touch();
                lock.type(FleetLock.WRONG_PASSCODE);
                return lock.recordedSince(before, LockEvent.UNLOCK, "REFUSED") ? Outcome.OK : Outcome.REFUSED;
            }
            case TAMPER -> {
                lock.lock.tamper();
                return lock.recordedSince(before, LockEvent.ALARM, null) ? Outcome.OK : Outcome.REFUSED;
            }
            case REMOTE_UNLOCK -> {
                HttpResponse<String> answer = apps.get(lock.account).unlock(lock.cloudId);
                return answer.statusCode() == 200 ? Outcome.OK : refused(kind, lock, answer);
            }
            case SETTING -> {
                try {
                    apps.get(lock.account).setting(lock.cloudId, "RELOCK_SECONDS", String.valueOf(5 + random.nextInt(116)));
                    return Outcome.OK;
                } catch (AppClient.Refused e) {
                    if (e.status >= 500) {
                        throw e;
                    }
                    return Outcome.REFUSED;
                }
            }
        }
        throw new IllegalStateException(kind.name());
    }

    private static Outcome opened(FleetLock lock, long before) {
        return lock.recordedSince(before, LockEvent.UNLOCK, "OK") ? Outcome.OK : Outcome.REFUSED;
    }

    private Outcome refused(Kind kind, FleetLock lock, HttpResponse<String> answer) {
        if (answer.statusCode() >= 500) {
            counts.error(kind + " on " + lock.serial + ": " + answer.statusCode() + " " + answer.body());
            return Outcome.FAILED;
        }
        // the cloud's reason, counted by its words (a bounded set: "lock offline", "the lock refused: ...")
        String body = answer.body() == null ? "" : answer.body();
        counts.add(kind.name().toLowerCase() + " refused " + answer.statusCode() + ": "
                + body.substring(0, Math.min(body.length(), 100)));
        return Outcome.REFUSED;
    }

    @Override
    public void close() throws InterruptedException {
        ticker.shutdownNow();
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }
}
