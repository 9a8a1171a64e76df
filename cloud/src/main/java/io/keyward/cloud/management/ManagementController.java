package io.keyward.cloud.management;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.RequiresRole;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Remote management of a lock (SPEC B2 users and credentials, D1 lifting a lockout, H6 settings) by
 * its owner or a manager, and remote unlock (C6) by any account with access. A management request
 * answers 200 with the lock's answer when the lock obeys within a few seconds, 409 with the lock's
 * reason when it refuses, else 202 with the command still pending: it stays the lock's desired state
 * and is applied when it returns. A setting's value the lock would refuse is a 400 before anything is queued.
 */
@RestController
class ManagementController {

    record WeeklyWindow(@NotNull @Size(min = 1, max = 7) List<@NotNull @Min(1) @Max(7) Integer> days,
                        @Min(0) @Max(1440) int fromMinute, @Min(0) @Max(1440) int untilMinute) {
    }

    record Validity(Instant from, Instant until, @Size(max = 14) List<@Valid @NotNull WeeklyWindow> weekly) {
        LockCommand.Validity toLock() {
            return new LockCommand.Validity(from, until, weekly == null ? null : weekly.stream()
                    .map(w -> new LockCommand.WeeklyWindow(w.days(), w.fromMinute(), w.untilMinute())).toList());
        }
    }

    record AddUser(@NotBlank @Size(max = 32) String name, @NotNull LockUserRole role, @Valid Validity validity) {
    }

    record Enrol(@NotNull LockCommand.CredentialKind kind, @NotNull Boolean duress) {
    }

    record ChangeSetting(@NotNull @Size(max = Setting.MAX_ZONE) String value) {
    }

    record Unlocked(boolean unlocked) {
    }

    /**
     * Home MQTT (docs/home-assistant.md): password absent or null keeps the one the lock has, "" sets none;
     * with enabled false the rest is ignored.
     */
    record HomeMqtt(@NotNull Boolean enabled, @Size(max = LockCommand.SetHomeMqtt.MAX_HOST) String host, Integer port,
                    @Size(max = LockCommand.SetHomeMqtt.MAX_USERNAME) String username,
                    @Size(max = LockCommand.SetHomeMqtt.MAX_PASSWORD) String password, Boolean allowUnlock) {
    }

    private final LockRequests requests;
    private final RemoteUnlock remoteUnlock;

    private final RemoteUnlockTimer unlockTimer;

    private final io.keyward.cloud.locks.Locks locks;

    ManagementController(LockRequests requests, RemoteUnlock remoteUnlock, RemoteUnlockTimer unlockTimer, io.keyward.cloud.locks.Locks locks) {
        this.locks = locks;
        this.requests = requests;
        this.remoteUnlock = remoteUnlock;
        this.unlockTimer = unlockTimer;
    }

    @ApiDoc(summary = "Unlock the door remotely (C6)", answers = {200, 409, 504, 428}, lockRefuses = true)
    /**
     * Timed here, around the whole round trip to the lock (keyward_unlock_remote_seconds). A bearer-token
     * request is usually answered before it gets here, by {@link RemoteUnlockFastPath} with the same checks.
     */
    @PostMapping(RemoteUnlockFastPath.PATH)
    Unlocked unlock(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MEMBER) UUID lockId,
                    @RequestHeader(name = DeviceSignature.COMMAND_HEADER, required = false) String signed,
                    @RequestHeader(name = DeviceSignature.CHAIN_HEADER, required = false) String chain) {
        long started = System.nanoTime();
        boolean opened = false;
        try {
            remoteUnlock.unlock(lockId, me.email(), new DeviceSignature(signed, chain));
            opened = true;
            return new Unlocked(true);
        } finally {
            unlockTimer.record(opened, started);
        }
    }

    @ApiDoc(summary = "Add a lock user (B2)", answers = {200, 202, 409, 428}, lockRefuses = true)
    @PostMapping(path = "/api/locks/{lockId}/users", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CommandView> addUser(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId,
                                        @Valid @RequestBody AddUser request,
                                        @RequestHeader(name = DeviceSignature.COMMAND_HEADER, required = false) String signed,
                                        @RequestHeader(name = DeviceSignature.CHAIN_HEADER, required = false) String chain) {
        LockCommand.Validity validity = request.validity() == null ? LockCommand.Validity.ALWAYS : request.validity().toLock();
        return ask(me, lockId, new LockCommand.AddUser(request.name().strip(), request.role(), validity), new DeviceSignature(signed, chain));
    }

    @ApiDoc(summary = "Delete a lock user (B2, B6)", answers = {200, 202, 409}, lockRefuses = true)
    @DeleteMapping("/api/locks/{lockId}/users/{user}")
    ResponseEntity<CommandView> deleteUser(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId,
                                           @PathVariable int user) {
        return ask(me, lockId, new LockCommand.DeleteUser(user(user)));
    }

    @ApiDoc(summary = "Set a lock user's validity (B1)", answers = {200, 202, 409, 428}, lockRefuses = true)
    @PutMapping(path = "/api/locks/{lockId}/users/{user}/validity", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CommandView> setValidity(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId,
                                            @PathVariable int user, @Valid @RequestBody Validity validity,
                                        @RequestHeader(name = DeviceSignature.COMMAND_HEADER, required = false) String signed,
                                        @RequestHeader(name = DeviceSignature.CHAIN_HEADER, required = false) String chain) {
        return ask(me, lockId, new LockCommand.SetValidity(user(user), validity.toLock()), new DeviceSignature(signed, chain));
    }

    /** Starts guided enrolment on the lock; the person then follows the lock's voice prompts (B3-B5). */
    @ApiDoc(summary = "Start enrolling a face, fingerprint or passcode at the lock (B3-B5, B7)", answers = {200, 202, 409, 428}, lockRefuses = true)
    @PostMapping(path = "/api/locks/{lockId}/users/{user}/enrolments", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CommandView> enrol(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId,
                                      @PathVariable int user, @Valid @RequestBody Enrol request,
                                        @RequestHeader(name = DeviceSignature.COMMAND_HEADER, required = false) String signed,
                                        @RequestHeader(name = DeviceSignature.CHAIN_HEADER, required = false) String chain) {
        return ask(me, lockId, new LockCommand.StartEnrolment(user(user), request.kind(), request.duress()), new DeviceSignature(signed, chain));
    }

    @ApiDoc(summary = "Cancel the enrolment under way", answers = {200, 202, 409}, lockRefuses = true)
    @DeleteMapping("/api/locks/{lockId}/enrolment")
    ResponseEntity<CommandView> cancelEnrolment(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId) {
        return ask(me, lockId, new LockCommand.CancelEnrolment());
    }

    @ApiDoc(summary = "Delete one of a lock user's credentials (B2)", answers = {200, 202, 409}, lockRefuses = true)
    @DeleteMapping("/api/locks/{lockId}/users/{user}/credentials/{credential}")
    ResponseEntity<CommandView> deleteCredential(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId,
                                                 @PathVariable int user,
                                                 @PathVariable String credential) {
        if (!credential.matches("(face|fingerprint|passcode)-[0-9]{1,4}")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "credential must be an id the lock reported, such as passcode-1 or fingerprint-2");
        }
        return ask(me, lockId, new LockCommand.DeleteCredential(user(user), credential));
    }

    @ApiDoc(summary = "Change one of the lock's settings (H6); a value out of its range is 400", answers = {200, 202, 409, 428}, lockRefuses = true)
    @PutMapping(path = "/api/locks/{lockId}/settings/{setting}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CommandView> changeSetting(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId,
                                              @PathVariable Setting setting, @Valid @RequestBody ChangeSetting request,
                                        @RequestHeader(name = DeviceSignature.COMMAND_HEADER, required = false) String signed,
                                        @RequestHeader(name = DeviceSignature.CHAIN_HEADER, required = false) String chain) {
        String value = checked(setting, request.value());
        if (setting == Setting.TIME_ZONE) {
            locks.timeZone(lockId, value); // the home's zone the owner asked for (SPEC B10), shown until the lock reports it
        }
        return ask(me, lockId, new LockCommand.ChangeSetting(setting, value), new DeviceSignature(signed, chain));
    }

    /**
     * Home MQTT on or off for this lock (SPEC C12 for its unlock switch): checked here with the lock's
     * own rule (400 with the reason), then sent through the lock's command queue like any setting.
     */
    @ApiDoc(summary = "Turn Home MQTT on or off for the lock, with the home broker's address and login (C12)",
            answers = {200, 202, 409, 428}, lockRefuses = true)
    @PutMapping(path = "/api/locks/{lockId}/home-mqtt", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CommandView> homeMqtt(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId,
                                         @Valid @RequestBody HomeMqtt request,
                                        @RequestHeader(name = DeviceSignature.COMMAND_HEADER, required = false) String signed,
                                        @RequestHeader(name = DeviceSignature.CHAIN_HEADER, required = false) String chain) {
        LockCommand.SetHomeMqtt command = request.enabled()
                ? new LockCommand.SetHomeMqtt(true, request.host() == null ? null : request.host().strip(), request.port(),
                        request.username(), request.password(), Boolean.TRUE.equals(request.allowUnlock()))
                : new LockCommand.SetHomeMqtt(false, null, null, null, null, false);
        String problem = command.problem();
        if (problem != null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, problem);
        }
        return ask(me, lockId, command, new DeviceSignature(signed, chain));
    }

    /** D1: ends a trial-and-error lockout before its 3 minutes are up. */
    @ApiDoc(summary = "Lift a trial-and-error lockout (D1)", answers = {200, 202, 409, 428}, lockRefuses = true)
    @PostMapping("/api/locks/{lockId}/lockout/lift")
    ResponseEntity<CommandView> liftLockout(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId,
                                        @RequestHeader(name = DeviceSignature.COMMAND_HEADER, required = false) String signed,
                                        @RequestHeader(name = DeviceSignature.CHAIN_HEADER, required = false) String chain) {
        return ask(me, lockId, new LockCommand.LiftLockout(), new DeviceSignature(signed, chain));
    }

    @ApiDoc(summary = "The lock's latest management commands, newest first")
    @GetMapping("/api/locks/{lockId}/commands")
    List<CommandView> commands(@RequiresRole(AccountRole.MANAGER) UUID lockId,
                               @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 200) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be 1 to 200");
        }
        return requests.recent(lockId, limit);
    }

    @ApiDoc(summary = "One management command and the lock's answer", answers = {404})
    @GetMapping("/api/locks/{lockId}/commands/{commandId}")
    CommandView command(@RequiresRole(AccountRole.MANAGER) UUID lockId,
                        @PathVariable UUID commandId) {
        return requests.byId(lockId, commandId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such command"));
    }

    /** Asks the lock (the role was checked by RequiresRole) and waits briefly for its answer. */
    private ResponseEntity<CommandView> ask(AccountPrincipal me, UUID lockId, LockCommand command) {
        return ask(me, lockId, command, DeviceSignature.NONE);
    }

    /** Issue 15: with the device's signature the request carries (a lock in trust mode needs it for the §3 commands). */
    private ResponseEntity<CommandView> ask(AccountPrincipal me, UUID lockId, LockCommand command, DeviceSignature signature) {
        return requests.ask(lockId, me, command, signature);
    }

    /** The ranges of every setting are known in protocol: a value the lock would refuse is a 400, and nothing is queued. */
    private static String checked(Setting setting, String value) {
        try {
            return setting.normalize(value);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private static int user(int user) {
        if (user < 1) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "user must be a lock user number (1 or more)");
        }
        return user;
    }
}
