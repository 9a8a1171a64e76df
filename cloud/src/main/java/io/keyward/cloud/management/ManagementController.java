package io.keyward.cloud.management;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.locks.LockResets;
import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.sharing.Access;
import io.keyward.cloud.sharing.Role;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.annotation.Value;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Remote management of a lock (SPEC B2 users and credentials, D1 lifting a lockout, H6 settings) by
 * its owner or a manager, and remote unlock (C6) by any account with access. A management request
 * answers 200 with the lock's answer when the lock obeys or refuses within a few seconds, else 202
 * with the command still pending: it stays the lock's desired state and is applied when it returns.
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

    record ChangeSetting(@NotNull @Size(max = 20) String value) {
    }

    record CommandView(UUID id, long version, JsonNode command, String status, String reason, String message,
                       Integer user, OffsetDateTime requestedAt, OffsetDateTime sentAt, OffsetDateTime completedAt) {
    }

    record Unlocked(boolean unlocked) {
    }

    private final Access access;
    private final Locks locks;
    private final Commands commands;
    private final RemoteUnlock remoteUnlock;
    private final ObjectMapper json;
    private final Duration wait;
    private final LockResets resets;

    ManagementController(Access access, Locks locks, Commands commands, RemoteUnlock remoteUnlock,
                         ObjectMapper json, @Value("${keyward.commands.wait:5s}") Duration wait, LockResets resets) {
        this.resets = resets;
        this.access = access;
        this.locks = locks;
        this.commands = commands;
        this.remoteUnlock = remoteUnlock;
        this.json = json;
        this.wait = wait;
    }

    @PostMapping("/api/locks/{lockId}/unlock")
    Unlocked unlock(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID lockId) {
        access.require(me.accountId(), lockId, Role.MEMBER);
        remoteUnlock.unlock(lockId, me.email());
        return new Unlocked(true);
    }

    @PostMapping(path = "/api/locks/{lockId}/users", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CommandView> addUser(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID lockId,
                                        @Valid @RequestBody AddUser request) {
        LockCommand.Validity validity = request.validity() == null ? LockCommand.Validity.ALWAYS : request.validity().toLock();
        return ask(me, lockId, new LockCommand.AddUser(request.name().strip(), request.role(), validity));
    }

    @DeleteMapping("/api/locks/{lockId}/users/{user}")
    ResponseEntity<CommandView> deleteUser(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID lockId,
                                           @PathVariable int user) {
        return ask(me, lockId, new LockCommand.DeleteUser(user(user)));
    }

    @PutMapping(path = "/api/locks/{lockId}/users/{user}/validity", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CommandView> setValidity(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID lockId,
                                            @PathVariable int user, @Valid @RequestBody Validity validity) {
        return ask(me, lockId, new LockCommand.SetValidity(user(user), validity.toLock()));
    }

    /** Starts guided enrolment on the lock; the person then follows the lock's voice prompts (B3-B5). */
    @PostMapping(path = "/api/locks/{lockId}/users/{user}/enrolments", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CommandView> enrol(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID lockId,
                                      @PathVariable int user, @Valid @RequestBody Enrol request) {
        return ask(me, lockId, new LockCommand.StartEnrolment(user(user), request.kind(), request.duress()));
    }

    @DeleteMapping("/api/locks/{lockId}/enrolment")
    ResponseEntity<CommandView> cancelEnrolment(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID lockId) {
        return ask(me, lockId, new LockCommand.CancelEnrolment());
    }

    @DeleteMapping("/api/locks/{lockId}/users/{user}/credentials/{credential}")
    ResponseEntity<CommandView> deleteCredential(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID lockId,
                                                 @PathVariable int user,
                                                 @PathVariable String credential) {
        if (!credential.matches("(face|fingerprint|passcode)-[0-9]{1,4}")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "credential must be an id the lock reported, such as passcode-1 or fingerprint-2");
        }
        return ask(me, lockId, new LockCommand.DeleteCredential(user(user), credential));
    }

    @PutMapping(path = "/api/locks/{lockId}/settings/{setting}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CommandView> changeSetting(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID lockId,
                                              @PathVariable Setting setting, @Valid @RequestBody ChangeSetting request) {
        return ask(me, lockId, new LockCommand.ChangeSetting(setting, request.value()));
    }

    /** D1: ends a trial-and-error lockout before its 3 minutes are up. */
    @PostMapping("/api/locks/{lockId}/lockout/lift")
    ResponseEntity<CommandView> liftLockout(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID lockId) {
        return ask(me, lockId, new LockCommand.LiftLockout());
    }

    @GetMapping("/api/locks/{lockId}/commands")
    List<CommandView> commands(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID lockId,
                               @RequestParam(defaultValue = "50") int limit) {
        access.require(me.accountId(), lockId, Role.MANAGER);
        if (limit < 1 || limit > 200) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be 1 to 200");
        }
        return commands.of(lockId, limit).stream().map(this::view).toList();
    }

    @GetMapping("/api/locks/{lockId}/commands/{commandId}")
    CommandView command(@AuthenticationPrincipal AccountPrincipal me, @PathVariable UUID lockId,
                        @PathVariable UUID commandId) {
        access.require(me.accountId(), lockId, Role.MANAGER);
        return commands.byId(lockId, commandId).map(this::view)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such command"));
    }

    /** Asks the lock (owner or manager only) and waits briefly for its answer; also used by AccessoriesController. */
    ResponseEntity<CommandView> ask(AccountPrincipal me, UUID lockId, LockCommand command) {
        access.require(me.accountId(), lockId, Role.MANAGER);
        resets.requireBound(lockId); // D7: a reset lock forgot this cloud; nothing is queued for it
        return answered(lockId, commands.ask(lockId, me.accountId(), command));
    }

    /** Waits briefly for the lock's answer, which Commands records from whichever node receives it. */
    private ResponseEntity<CommandView> answered(UUID lockId, Commands.Command asked) {
        // an offline lock cannot answer: say at once that the change waits for it
        long patience = locks.byId(lockId).map(Locks.Lock::online).orElse(false) ? wait.toNanos() : 0;
        long deadline = System.nanoTime() + patience;
        Commands.Command now = asked;
        while (now.pending() && System.nanoTime() < deadline) {
            sleep();
            now = commands.byId(lockId, asked.id()).orElse(now);
        }
        return ResponseEntity.status(now.pending() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(view(now));
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted");
        }
    }

    private static int user(int user) {
        if (user < 1) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "user must be a lock user number (1 or more)");
        }
        return user;
    }

    private CommandView view(Commands.Command c) {
        return new CommandView(c.id(), c.version(), json.readTree(c.body()), c.status().toLowerCase(), c.reason(),
                c.message(), c.resultUser(), c.requestedAt(), c.sentAt(), c.completedAt());
    }
}
