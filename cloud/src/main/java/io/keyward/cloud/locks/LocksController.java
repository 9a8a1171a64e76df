package io.keyward.cloud.locks;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.broker.LockCredentials;
import io.keyward.cloud.sharing.AccessibleLock;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.RequiresRole;
import io.keyward.protocol.trust.DeviceIds;
import io.keyward.protocol.command.Setting;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The list of my locks and those shared with me (H1, H3), adding a lock by its QR (A3), the lock page's data (H2). */
@RestController
class LocksController {

    /** timeZone: the home's IANA zone, as the app knows it (SPEC B10); absent: UTC until the owner sets one. */
    record AddLock(@NotBlank @Size(max = 500) String pairingCode, @Size(max = 100) String name,
                   @Size(max = Setting.MAX_ZONE) String timeZone) {

        /** The pairing code holds the lock's one-time secret: never in a log (issue 10 item 5). */
        @Override
        public String toString() {
            return "AddLock[pairingCode=(secret), name=" + name + ", timeZone=" + timeZone + "]";
        }

    }

    record Rename(@NotBlank @Size(max = 100) String name) {
    }

    record Pending(UUID id, long version, JsonNode command, OffsetDateTime requestedAt, OffsetDateTime sentAt) {
    }

    /** D7: the lock was reset at the door (when, and what the app tells the person). */
    record Reset(OffsetDateTime at, String message) {
    }

    /**
     * reported: the lock's own last report, as it sent it; pending: asked for, not yet applied;
     * reset: null while the lock is bound, else when it was reset at the door (add it again);
     * timeZone: the home's IANA zone (SPEC B10): the lock's reported TIME_ZONE, else the one asked for, else UTC;
     * lockKey, lockKeyMac: the lock's identity key and its MAC under the visitor secret, as reported (issue 15,
     * trust design §9): an owner device of the lock checks the MAC before it signs a LINK_LOCK for the key.
     */
    /** 202 of adding a lock: the claim stands, the lock has not completed the handshake yet. */
    record Waiting(String serial, String status) {
    }

    record LockView(UUID id, String serial, String name, AccountRole role, boolean online, OffsetDateTime seenAt,
                    OffsetDateTime pairedAt, JsonNode reported, OffsetDateTime reportedAt, long desiredVersion,
                    List<Pending> pending, Reset reset, String timeZone, boolean trustMode, List<OwnerDevice> ownerDevices,
                    String lockKey, String lockKeyMac) {
    }

    /**
     * An owner device the lock bound at its door (issue 15, trust design §4, §6), as the lock reported it;
     * fingerprint: what people compare with the phone's own (§1, "ABCD-EFGH").
     */
    record OwnerDevice(String deviceId, String name, String boundAt, String how, String fingerprint) {
    }

    private final Locks locks;
    private final Pairing pairing;
    private final LockCredentials credentials;
    private final ObjectMapper json;
    private final QueuedCommandView shown;
    private final Clock clock;
    private final Duration pairingWait;

    LocksController(Locks locks, Pairing pairing, LockCredentials credentials, ObjectMapper json,
                    Clock clock, @Value("${keyward.pairing.wait:20s}") Duration pairingWait, QueuedCommandView shown) {
        this.shown = shown;
        this.locks = locks;
        this.pairing = pairing;
        this.credentials = credentials;
        this.json = json;
        this.clock = clock;
        this.pairingWait = pairingWait;
    }

    @ApiDoc(summary = "My locks, owned and shared")
    @GetMapping("/api/locks")
    List<LockView> list(@AuthenticationPrincipal AccountPrincipal me) {
        return locks.of(me.accountId()).stream().map(listed -> view(listed.lock(), listed.role(), List.of())).toList();
    }

    @ApiDoc(summary = "One lock: its report, pending changes and my role")
    @GetMapping("/api/locks/{lockId}")
    LockView get(@RequiresRole(AccountRole.MEMBER) AccessibleLock accessible) {
        UUID lockId = accessible.id();
        return view(lock(lockId), accessible.role().name(), locks.pending(lockId).stream()
                .map(p -> new Pending(p.id(), p.version(), json.readTree(shown.shown(p.id(), p.body())), p.requestedAt(), p.sentAt()))
                .toList());
    }

    /**
     * Claims the lock whose pairing code was scanned, then waits (up to keyward.pairing.wait) for the
     * lock to complete the handshake: 201 with the lock, 409/410 with the reason it was refused, or
     * 202 when the lock has not answered yet (it still may, until the code expires).
     */
    @ApiDoc(summary = "Add a lock by its pairing QR (A3)", answers = {201, 202, 409, 410, 429})
    @ApiResponse(responseCode = "201", description = "Paired: the lock", content = @Content(schema = @Schema(implementation = LockView.class)))
    @ApiResponse(responseCode = "202", description = "The lock has not answered yet; it still may until the code expires",
            content = @Content(schema = @Schema(implementation = Waiting.class)))
    @PostMapping(path = "/api/locks", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> add(@AuthenticationPrincipal AccountPrincipal me, @Valid @RequestBody AddLock request)
            throws InterruptedException {
        String zone = null;
        if (request.timeZone() != null && !request.timeZone().isBlank()) {
            try {
                zone = Setting.TIME_ZONE.normalize(request.timeZone());
            } catch (IllegalArgumentException e) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
            }
        }
        String serial = pairing.claim(me.accountId(), request.pairingCode(), request.name(), zone);
        long deadline = System.nanoTime() + pairingWait.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> outcome = pairing.outcome(serial, me.accountId());
            if (outcome.isPresent() && Pairing.PAIRED.equals(outcome.get())) {
                Locks.Lock lock = locks.bySerial(serial).orElseThrow();
                return ResponseEntity.created(URI.create("/api/locks/" + lock.id())).body(view(lock, AccountRole.OWNER.name(), List.of()));
            }
            if (outcome.isPresent()) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, outcome.get());
            }
            Thread.sleep(100);
        }
        return ResponseEntity.accepted().body(new Waiting(serial, "waiting for the lock: keep it in pairing mode and connected"));
    }

    @ApiDoc(summary = "Rename a lock")
    @PatchMapping(path = "/api/locks/{lockId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    LockView rename(@RequiresRole(AccountRole.MANAGER) AccessibleLock accessible, @Valid @RequestBody Rename request) {
        locks.rename(accessible.id(), request.name().strip());
        return view(lock(accessible.id()), accessible.role().name(), List.of());
    }

    /** The owner removes the lock: it is unbound, its broker login revoked, its shares and history dropped. */
    @ApiDoc(summary = "Remove a lock from the cloud", answers = {204})
    @DeleteMapping("/api/locks/{lockId}")
    ResponseEntity<Void> remove(@RequiresRole(AccountRole.OWNER) UUID lockId) {
        Locks.Lock lock = lock(lockId);
        // the broker login first: should that fail, the lock is still listed and the owner can retry
        credentials.revoke(lock.serial());
        locks.delete(lockId);
        return ResponseEntity.noContent().build();
    }

    private Locks.Lock lock(UUID id) {
        return locks.byId(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such lock"));
    }

    private LockView view(Locks.Lock lock, String role, List<Pending> pending) {
        JsonNode reported = lock.reported() == null ? null : json.readTree(lock.reported());
        Reset reset = locks.resetAt(lock.id()).map(at -> new Reset(at, LockResets.MESSAGE)).orElse(null);
        List<OwnerDevice> devices = locks.ownerDevices(lock.reported()).stream().map(LocksController::device).toList();
        Locks.ReportedKey key = locks.reportedKey(lock.reported()); // design §9: what an owner device checks before linking
        return new LockView(lock.id(), lock.serial(), lock.name(), AccountRole.valueOf(role), lock.online(), lock.seenAt(),
                lock.pairedAt(), reported, lock.reportedAt(), lock.desiredVersion(), pending, reset, timeZone(lock, reported),
                !devices.isEmpty() && reset == null, devices, key.lockKey(), key.lockKeyMac());
    }

    private static OwnerDevice device(JsonNode d) {
        String id = d.path("deviceId").asString();
        return new OwnerDevice(id, text(d, "name"), text(d, "boundAt"), text(d, "how"), DeviceIds.fingerprint(id));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** The lock is the authority: its report first; then what was asked for; then UTC, the lock's default. */
    private String timeZone(Locks.Lock lock, JsonNode reported) {
        JsonNode zone = reported == null ? null : reported.at("/settings/TIME_ZONE");
        if (zone != null && zone.isString() && !zone.asString().isBlank()) {
            return zone.asString();
        }
        return locks.timeZone(lock.id()).orElse("UTC");
    }
}
