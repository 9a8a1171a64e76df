package io.keyward.cloud.camera;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.keyward.cloud.link.LockAnswers;
import io.keyward.protocol.link.CameraMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * SPEC H7: the live view relayed from the lock to the browsers watching it on this node. Every viewer
 * of one lock shares one stream: the first one asks the lock to stream, the relay renews the request
 * every {@value #RENEW_SECONDS} s while anyone watches (the lock streams at most 60 s per request), and
 * when the last viewer goes the lock is told to stop. A lock that stops by itself (its battery fell
 * below 20 %, D3) ends every viewer's stream.
 */
@Service
class LiveRelay {

    /** Each request of a watching relay asks for this long; renewed well before it runs out. */
    static final int REQUEST_SECONDS = CameraMessages.MAX_LIVE_SECONDS;
    /**
     * The app's POST asks for only this long: enough to open the stream, and a lock asked by someone
     * who never opens it stops soon. (A lock only extends a running stream, never shortens it.)
     */
    static final int ASK_SECONDS = 15;
    static final int RENEW_SECONDS = 20;
    static final int STALL_SECONDS = 3;
    static final int CHECK_SECONDS = 1;
    /** How long to wait for the lock's yes or no. */
    static final long ANSWER_SECONDS = 8;

    private static final Logger log = LoggerFactory.getLogger(LiveRelay.class);
    private static final ScheduledExecutorService RENEW = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-relay-renew");
        t.setDaemon(true);
        return t;
    });

    /** Wakes a viewer's writer without being a frame. */
    static final byte[] NO_FRAME = new byte[0];

    /** One browser's view: the newest frames (a slow viewer skips some), and why it ended, once it has. */
    static final class Viewer {
        final String serial;
        final BlockingQueue<byte[]> frames = new ArrayBlockingQueue<>(3);
        volatile String ended;

        Viewer(String serial) {
            this.serial = serial;
        }

        void offer(byte[] frame) {
            while (!frames.offer(frame)) {
                frames.poll();
            }
        }

        /** Ends the view now: the writer waiting for a frame wakes on an empty one and sees why. */
        void end(String reason) {
            ended = reason;
            offer(NO_FRAME);
        }
    }

    private static final class Watch {
        final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
        ScheduledFuture<?> renewal;
        volatile long lastFrame = System.nanoTime();
        volatile long lastRequest = System.nanoTime();
    }

    private final CameraLink link;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<CameraMessages.LiveStatus>> answers = new ConcurrentHashMap<>();

    LiveRelay(CameraLink link) {
        this.link = link;
        link.relayTo(this);
    }

    /**
     * Asks the lock to stream (or to go on streaming) and waits for its answer.
     *
     * @throws ResponseStatusException 409 with the lock's reason when it refuses (below 20 % battery), or
     *                                 when it does not answer in time
     */
    void start(String serial, int seconds) {
        if (!link.connected()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "lock offline");
        }
        String id = UUID.randomUUID().toString();
        CompletableFuture<CameraMessages.LiveStatus> answer = new CompletableFuture<>();
        answers.put(id, answer);
        try {
            link.request(serial, new CameraMessages.LiveRequest(1, id, seconds));
            CameraMessages.LiveStatus status = LockAnswers.await(answer, ANSWER_SECONDS, HttpStatus.CONFLICT,
                    "the lock did not answer the live view request in time");
            if (!status.streaming()) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, refusal(status));
            }
        } finally {
            answers.remove(id);
        }
    }

    /** A new viewer of the lock's stream; the first one of a lock subscribes to its frames and keeps the stream alive. */
    Viewer join(String serial) {
        Viewer viewer = new Viewer(serial);
        watches.compute(serial, (s, watch) -> {
            Watch w = watch == null ? new Watch() : watch;
            w.viewers.add(viewer);
            if (w.renewal == null) {
                link.watch(serial);
                w.renewal = RENEW.scheduleAtFixedRate(() -> renew(serial, w), CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
            }
            return w;
        });
        return viewer;
    }

    /** The viewer went away; the last one of a lock stops the lock's stream. */
    void leave(Viewer viewer) {
        watches.computeIfPresent(viewer.serial, (serial, watch) -> {
            watch.viewers.remove(viewer);
            if (!watch.viewers.isEmpty()) {
                return watch;
            }
            watch.renewal.cancel(false);
            link.unwatch(serial);
            link.request(serial, new CameraMessages.LiveRequest(1, UUID.randomUUID().toString(), 0));
            log.debug("{}: nobody watches any more, the lock stops streaming", serial);
            return null;
        });
    }

    /** How many browsers watch the lock on this node (for tests and the docs' "one stream" rule). */
    int viewers(String serial) {
        Watch watch = watches.get(serial);
        return watch == null ? 0 : watch.viewers.size();
    }

    /**
     * Asks again every {@value #RENEW_SECONDS} s, and sooner when frames stopped coming for
     * {@value #STALL_SECONDS} s: a request was lost, the lock came back, or another cloud node's last
     * viewer told the lock to stop while viewers here still watch.
     */
    private void renew(String serial, Watch watch) {
        long now = System.nanoTime();
        boolean due = now - watch.lastRequest >= TimeUnit.SECONDS.toNanos(RENEW_SECONDS);
        boolean stalled = now - watch.lastFrame >= TimeUnit.SECONDS.toNanos(STALL_SECONDS)
                && now - watch.lastRequest >= TimeUnit.SECONDS.toNanos(STALL_SECONDS);
        if (due || stalled) {
            watch.lastRequest = now;
            link.request(serial, new CameraMessages.LiveRequest(1, UUID.randomUUID().toString(), REQUEST_SECONDS));
        }
    }

    void frame(String serial, byte[] jpeg) {
        Watch watch = watches.get(serial);
        if (watch != null) {
            watch.lastFrame = System.nanoTime();
            watch.viewers.forEach(v -> v.offer(jpeg));
        }
    }

    /** The lock's answer to a request, or its news that it stopped (or refused a renewal): the viewers' stream ends. */
    void status(String serial, CameraMessages.LiveStatus status) {
        CompletableFuture<CameraMessages.LiveStatus> answer = status.id() == null ? null : answers.get(status.id());
        if (answer != null) {
            answer.complete(status);
        }
        if (!status.streaming() && status.reason() != null) {
            Watch watch = watches.get(serial);
            if (watch != null) {
                watch.viewers.forEach(v -> v.ended = refusal(status));
            }
        }
    }

    static String refusal(CameraMessages.LiveStatus status) {
        String reason = status.reason() == null ? "REFUSED" : status.reason();
        return (status.message() == null ? "the lock refused" : status.message()) + " (" + reason + ")";
    }
}
