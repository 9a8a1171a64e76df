package io.keyward.lock.camera;

import io.keyward.lock.core.LiveViewRule;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The live view's stream on the lock (SPEC H7): frames at {@value #FPS} per second for a bounded
 * time, which each request may extend (at most 60 s ahead), until it runs out, is stopped, or the
 * lock's rule refuses it (D3: the battery drops below 20 %), checked before every frame. This is
 * the shell's work: the core only decides ({@link LiveViewRule}). Frames of every lock of the JVM
 * are drawn on one shared thread.
 */
public final class LiveStream implements AutoCloseable {

    public static final int FPS = 5;
    private static final ScheduledExecutorService FRAMES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "camera-frames");
        t.setDaemon(true);
        return t;
    });

    /** Where the stream goes: each frame, and the news that it stopped by itself (with why). */
    public interface Sink {
        void frame(byte[] jpeg);

        void stopped(String reason, String message);
    }

    private final DoorCamera camera;
    private final Supplier<Instant> clock;
    private final Supplier<LiveViewRule.Refusal> rule;
    private final Sink sink;
    private ScheduledFuture<?> task;
    private long untilNanos;
    private long frames;

    /** clock: the lock's clock (stamped on frames); rule: the lock's current answer. */
    public LiveStream(DoorCamera camera, Supplier<Instant> clock, Supplier<LiveViewRule.Refusal> rule, Sink sink) {
        this.camera = camera;
        this.clock = clock;
        this.rule = rule;
        this.sink = sink;
    }

    /**
     * Streams for seconds from now (1 to 60; a running stream is extended, never shortened, so that
     * requests of several watchers do not cut each other short), or stops (0). The stream's length
     * is real time, whatever the lock's clock says.
     *
     * @return null when streaming (or stopped as asked); the refusal otherwise, and nothing streams
     */
    public synchronized LiveViewRule.Refusal request(int seconds) {
        if (seconds <= 0) {
            stop();
            return null;
        }
        LiveViewRule.Refusal refusal = rule.get();
        if (refusal != null) {
            stop();
            return refusal;
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(seconds, 60));
        if (task == null || until - untilNanos > 0) {
            untilNanos = until;
        }
        if (task == null) {
            frames = 0;
            task = FRAMES.scheduleAtFixedRate(this::tick, 0, 1000 / FPS, TimeUnit.MILLISECONDS);
        }
        return null;
    }

    public synchronized boolean streaming() {
        return task != null;
    }

    private void tick() {
        byte[] jpeg;
        synchronized (this) {
            if (task == null) {
                return;
            }
            if (System.nanoTime() - untilNanos >= 0) {
                stop();
                sink.stopped("ENDED", "nobody asked to go on watching");
                return;
            }
            LiveViewRule.Refusal refusal = rule.get();
            if (refusal != null) {
                stop();
                sink.stopped(refusal.reason(), refusal.message());
                return;
            }
            jpeg = camera.frame(clock.get(), frames++);
        }
        try {
            sink.frame(jpeg);
        } catch (RuntimeException e) {
            // a frame that could not leave is simply lost (QoS 0): the next one follows
            System.getLogger(LiveStream.class.getName()).log(System.Logger.Level.DEBUG, "frame not sent: " + e);
        }
    }

    private void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    @Override
    public synchronized void close() {
        stop();
    }
}
