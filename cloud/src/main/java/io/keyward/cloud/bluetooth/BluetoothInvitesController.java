package io.keyward.cloud.bluetooth;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.grants.VisitorRequests;
import io.keyward.cloud.locks.LockResets;
import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.RequiresRole;
import io.keyward.protocol.trust.DeviceIds;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * SPEC E3: the owner's one-time pairing codes that give a visitor's account a Bluetooth key for a period.
 * <p>
 * Only the owner makes them (E3 says "the owner"; a manager cannot, so a visitor's Bluetooth access is
 * always the owner's decision). A code is 12 characters of Crockford base32 (60 random bits), to be
 * redeemed once within 24 hours by any signed-in account, the owner's own included (it then gets a
 * VISITOR key, which is harmless). 60 bits make guessing hopeless without a rate limit: at 1000 tries a
 * second for the whole 24 hours, an attacker finds a given live code with a chance of about 1 in 10^7.
 * The cloud keeps only the code's SHA-256.
 */
@RestController
class BluetoothInvitesController {

    /** How long a pairing code may be redeemed. */
    static final Duration REDEEM_WITHIN = Duration.ofHours(24);
    /** The longest visitor key period. */
    static final Duration LONGEST_PERIOD = Duration.ofDays(366);
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int CODE_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    record InviteRequest(@NotNull Instant validFrom, @NotNull Instant validUntil, @Size(max = 100) String name) {
    }

    /** code: shown once, in groups of four (XXXX-XXXX-XXXX); expiresAt: redeem before this. */
    record Invite(UUID id, UUID lockId, String code, String name, OffsetDateTime validFrom, OffsetDateTime validUntil,
                  OffsetDateTime expiresAt) {

        /** The code gives a Bluetooth key: never in a log (issue 10 item 5). */
        @Override
        public String toString() {
            return "Invite[id=" + id + ", lockId=" + lockId + ", code=(secret)]";
        }

    }

    record RedeemRequest(@NotNull @Size(max = 40) String code, @NotNull @Size(max = 300) String deviceKey) {

        @Override
        public String toString() {
            return "RedeemRequest[code=(secret)]";
        }

    }

    /**
     * Issue 15, trust design §7: a visitor's request on a lock in trust mode. status WAITING until an owner's or
     * manager's device signs the VISITOR grant (then GRANTED, grantId; the chain itself is GET
     * /api/locks/{lockId}/grants/mine?deviceId=, which also says REVOKED). deviceId and fingerprint are the
     * device's that redeemed the code: the visitor shows the fingerprint to the owner, who compares it. radio:
     * where the lock's radio is (the visitor has no role to read the lock itself), as in a visitor's key.
     */
    record VisitorRequestView(String status, UUID inviteId, UUID lockId, String lockName, String serial, String name,
                              OffsetDateTime validFrom, OffsetDateTime validUntil, String deviceId, String fingerprint,
                              OffsetDateTime requestedAt, String grantId, String radio, String message) {
    }

    private final BluetoothInvites invites;
    private final BluetoothKeys keys;
    private final InviteVisitorRequests requests;
    private final Locks locks;
    private final LockResets resets;
    private final Clock clock;

    BluetoothInvitesController(BluetoothInvites invites, BluetoothKeys keys, InviteVisitorRequests requests, Locks locks,
                               LockResets resets, Clock clock) {
        this.resets = resets;
        this.invites = invites;
        this.keys = keys;
        this.requests = requests;
        this.locks = locks;
        this.clock = clock;
    }

    /**
     * Makes a pairing code. Also on a lock in trust mode (issue 15): the code grants nothing by itself there;
     * redeeming it asks, and an owner's or manager's device signs the visitor's grant.
     */
    @ApiDoc(summary = "Make a visitor's Bluetooth pairing code (on a lock in trust mode it asks for a grant when redeemed)", answers = {201, 409})
    @PostMapping(path = "/api/locks/{lockId}/bluetooth-invites", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Invite> create(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.OWNER) UUID lock,
                                  @Valid @RequestBody InviteRequest request) {
        resets.requireBound(lock); // D7: a code for a lock that forgot this cloud would open nothing
        Instant now = clock.instant();
        if (!request.validUntil().isAfter(request.validFrom())) {
            throw bad("validUntil: must be after validFrom");
        }
        if (!request.validUntil().isAfter(now)) {
            throw bad("validUntil: is past already");
        }
        if (request.validFrom().isBefore(Instant.EPOCH) || request.validFrom().isAfter(now.plus(LONGEST_PERIOD))) {
            throw bad("validFrom: must be within a year from now");
        }
        if (Duration.between(request.validFrom(), request.validUntil()).compareTo(LONGEST_PERIOD) > 0) {
            throw bad("validUntil: a visitor key is valid for at most 366 days");
        }
        String name = request.name() == null || request.name().isBlank() ? null : request.name().strip();
        String code = newCode();
        UUID id = UUID.randomUUID();
        OffsetDateTime expires = BluetoothKeys.utc(now.plus(REDEEM_WITHIN));
        // to the millisecond: a visitor's grant (kwdg1, milliseconds) must carry exactly this period (issue 15)
        OffsetDateTime from = BluetoothKeys.utc(request.validFrom().truncatedTo(ChronoUnit.MILLIS));
        OffsetDateTime until = BluetoothKeys.utc(request.validUntil().truncatedTo(ChronoUnit.MILLIS));
        invites.add(new BluetoothInvites.NewInvite(id, lock, code, name, from, until, expires, me.accountId(),
                BluetoothKeys.utc(now)));
        String shown = code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8);
        return ResponseEntity.created(URI.create("/api/locks/" + lock + "/bluetooth-invites/" + id))
                .body(new Invite(id, lock, shown, name, from, until, expires));
    }

    /**
     * Turns a pairing code into a VISITOR key for the signed-in account's device, with the code's period (201,
     * the key). On a lock in trust mode (issue 15) no key: 202 and the visitor's request (VisitorRequestView,
     * WAITING), until an owner's or manager's device grants this device; the same account and device redeeming
     * again get it again. Refusals: 404 unknown code, 409 used already, 410 expired (not redeemed within 24
     * hours, or its period is over).
     */
    @ApiDoc(summary = "Redeem a pairing code for a visitor's Bluetooth key (201), or on a lock in trust mode ask for a grant (202)",
            answers = {201, 202, 404, 409, 410})
    @ApiResponse(responseCode = "201", description = "The visitor's Bluetooth key (a lock not in trust mode)",
            content = @Content(schema = @Schema(implementation = BluetoothKeysController.IssuedKey.class)))
    @ApiResponse(responseCode = "202", description = "A lock in trust mode: the visitor's request, waiting for an owner's or "
            + "manager's device to grant this device", content = @Content(schema = @Schema(implementation = VisitorRequestView.class)))
    @PostMapping(path = "/api/bluetooth-invites/redeem", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> redeem(@AuthenticationPrincipal AccountPrincipal me, @Valid @RequestBody RedeemRequest request) {
        String code = normalise(request.code());
        String device = BluetoothKeys.deviceKey(request.deviceKey());
        BluetoothInvites.Redemption redeemed = invites.redeem(code, me.accountId(), device);
        if (redeemed.request() != null) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(view(redeemed.request()));
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(keys.issued(redeemed.key()));
    }

    /** Issue 15: the signed-in account's visitor requests on locks in trust mode, newest first (its app's list). */
    @ApiDoc(summary = "My visitor requests for grants on locks in trust mode (issue 15)")
    @GetMapping("/api/bluetooth/visitor-requests")
    List<VisitorRequestView> myRequests(@AuthenticationPrincipal AccountPrincipal me) {
        return requests.ofAccount(me.accountId()).stream().map(this::view).toList();
    }

    private VisitorRequestView view(VisitorRequests.Request r) {
        Optional<Locks.Lock> lock = locks.byId(r.lockId());
        String fingerprint = DeviceIds.fingerprint(r.deviceId());
        boolean granted = r.grantId() != null;
        return new VisitorRequestView(granted ? "GRANTED" : "WAITING", r.inviteId(), r.lockId(),
                lock.map(Locks.Lock::name).orElse(null), lock.map(Locks.Lock::serial).orElse(null), r.inviteName(),
                BluetoothKeys.utc(r.validFrom()), BluetoothKeys.utc(r.validUntil()), r.deviceId(), fingerprint,
                BluetoothKeys.utc(r.requestedAt()), r.grantId(), keys.radioOf(r.lockId()), granted
                ? "granted: fetch this device's chain with GET /api/locks/" + r.lockId() + "/grants/mine?deviceId=" + r.deviceId()
                : "waiting for the owner to approve this device: show them its fingerprint " + fingerprint);
    }

    /** Upper case, without spaces or dashes, with Crockford's look-alikes (O, I, L) read as digits; or 400. */
    static String normalise(String typed) {
        String code = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "")
                .replace('O', '0').replace('I', '1').replace('L', '1');
        if (code.length() != CODE_LENGTH || !code.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            throw bad("code: a pairing code is 12 letters and digits, like 7QK4-M2XD-9RTB");
        }
        return code;
    }

    static String newCode() {
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    private static ResponseStatusException bad(String reason) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, reason);
    }
}
