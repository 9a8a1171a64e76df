package io.keyward.cloud.camera;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.RequiresRole;
import io.keyward.cloud.sharing.StreamGrants;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * SPEC H7 live view and D8 doorbell snapshots in the app. Every account with the lock (owner, manager,
 * member: the family sees who is at the door) may watch; strangers get 404 as for any lock.
 * <ul>
 *   <li>POST /api/locks/{id}/live asks the lock to stream and answers whether it does: 409 with the
 *       lock's reason when refused (below 20 % battery, D3), 409 "lock offline" at once when it is away.</li>
 *   <li>GET /api/locks/{id}/live.mjpeg is the stream itself, {@code multipart/x-mixed-replace} of JPEG
 *       frames (an img element shows it); it asks the lock as the POST does, so it also works alone.</li>
 *   <li>GET /api/alerts/{id}/snapshot is the picture of one of the account's DOORBELL alerts.</li>
 * </ul>
 */
@RestController
class CameraController {

    static final String BOUNDARY = "keyward-frame";
    /** One viewing lasts at most this long; the app opens the stream again to go on. */
    static final long MAX_VIEW_SECONDS = 600;
    /** A stream with no frame for this long has ended (the lock went away or stopped). */
    static final long SILENCE_SECONDS = 10;
    /** How long a doorbell alert's picture is awaited when the alert came first. */
    static final long SNAPSHOT_WAIT_SECONDS = 5;

    record LiveAnswer(boolean streaming, String stream, int seconds) {
    }

    private final Locks locks;
    private final LiveRelay relay;
    private final DoorbellSnapshots snapshots;
    private final StreamGrants grants;

    CameraController(Locks locks, LiveRelay relay, DoorbellSnapshots snapshots, StreamGrants grants) {
        this.locks = locks;
        this.relay = relay;
        this.snapshots = snapshots;
        this.grants = grants;
    }

    @ApiDoc(summary = "Ask the lock's camera for live view (D3)", answers = {409})
    @PostMapping("/api/locks/{lockId}/live")
    LiveAnswer live(@RequiresRole(AccountRole.MEMBER) UUID id) {
        relay.start(onlineSerial(id), LiveRelay.ASK_SECONDS);
        return new LiveAnswer(true, "/api/locks/" + id + "/live.mjpeg", LiveRelay.ASK_SECONDS);
    }

    /**
     * Written on the request's own thread until the browser goes away, the lock stops (the reason
     * ends the stream), the viewer's access goes (sign-out, token revoked, share removed, lock
     * removed: sharing.StreamGrants ends the view at once, issue 10 finding 7) or
     * {@value #MAX_VIEW_SECONDS} s have passed. Refusals come before the first byte, as JSON errors.
     */
    @ApiDoc(summary = "The lock's live view as MJPEG", answers = {409})
    @GetMapping("/api/locks/{lockId}/live.mjpeg")
    void liveStream(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MEMBER) UUID id,
                    HttpServletResponse response) throws IOException {
        String serial = onlineSerial(id);
        LiveRelay.Viewer viewer = relay.join(serial);
        StreamGrants.Grant grant = grants.open(me, id, AccountRole.MEMBER, () -> viewer.end("access revoked"));
        try {
            relay.start(serial, LiveRelay.REQUEST_SECONDS);
            response.setStatus(200);
            response.setContentType("multipart/x-mixed-replace; boundary=" + BOUNDARY);
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Accel-Buffering", "no"); // a proxy must pass frames on, not gather them
            OutputStream out = response.getOutputStream();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_VIEW_SECONDS);
            while (viewer.ended == null && System.nanoTime() - end < 0) {
                byte[] frame = viewer.frames.poll(SILENCE_SECONDS, TimeUnit.SECONDS);
                if (frame == null || viewer.ended != null || !grant.holds()) {
                    break;
                }
                out.write(("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + frame.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(frame);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException clientGone) {
            // the browser closed the view: nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            grant.close();
            relay.leave(viewer);
        }
    }

    @ApiDoc(summary = "A doorbell alert's snapshot (JPEG)", answers = {404})
    @GetMapping("/api/alerts/{alertId}/snapshot")
    ResponseEntity<byte[]> snapshot(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String alertId) {
        UUID alert;
        try {
            alert = UUID.fromString(alertId);
        } catch (IllegalArgumentException notAUuid) {
            throw noSnapshot();
        }
        byte[] jpeg = snapshotOf(me, alert).orElseThrow(CameraController::noSnapshot);
        return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG)
                .cacheControl(CacheControl.maxAge(1, TimeUnit.HOURS).cachePrivate()).body(jpeg);
    }

    /**
     * The picture and its alert travel apart (the event on one topic, the picture on another), so
     * the alert may be here first: for a doorbell alert of the account's, wait a few seconds for it.
     */
    private Optional<byte[]> snapshotOf(AccountPrincipal me, UUID alert) {
        Optional<byte[]> jpeg = snapshots.ofAlert(me.accountId(), alert);
        if (jpeg.isPresent() || !snapshots.isDoorbellAlertOf(me.accountId(), alert)) {
            return jpeg;
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SNAPSHOT_WAIT_SECONDS);
        while (jpeg.isEmpty() && System.nanoTime() - end < 0) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            jpeg = snapshots.ofAlert(me.accountId(), alert);
        }
        return jpeg;
    }

    /** Checks that the lock is online (the role was checked by RequiresRole): a lock that is away fails at once. */
    private String onlineSerial(UUID lockId) {
        Locks.Lock lock = locks.byId(lockId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such lock"));
        if (!lock.online()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "lock offline");
        }
        return lock.serial();
    }

    private static ResponseStatusException noSnapshot() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no snapshot for this alert (not a doorbell alert of yours, or the picture did not reach the cloud)");
    }
}
