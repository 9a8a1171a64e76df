package io.keyward.cloud.people;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.locks.Locks;
import io.keyward.cloud.management.DeviceSignature;
import io.keyward.cloud.management.SignatureRequests;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.trust.GrantChain;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A person on a protected lock (issue 15, docs/people.md "On a protected lock"): what waits for an owner's
 * device to sign it, per lock, and the signed answers. The device signs the very command listed (its passcode
 * put back in by the app, which the cloud never shows); the cloud queues it only when it is exactly the one it
 * recorded (400 DEVICE_COMMAND_MISMATCH otherwise, nothing queued), and the lock checks the signature.
 */
@RestController
class PersonSignaturesController {

    /**
     * One request: command is the LockCommands JSON the lock will read, without its passcode when
     * passcodeNeeded (the app puts the person's code in as "passcode" before it signs); kind: ADD, SCHEDULE,
     * PASSCODE; since: when it began to wait.
     */
    record SignatureRequest(UUID requestId, UUID lockId, String lockName, String serial, String kind, ObjectNode command,
                            boolean passcodeNeeded, OffsetDateTime since) {
    }

    /** A device's answer: the kwdc1 it signed for the request, and its grant chain (none for an owner device). */
    record Signed(@NotNull UUID requestId, @NotBlank @Size(max = 4096) String command,
                  @Size(max = GrantChain.MAX_GRANTS) List<@NotBlank @Size(max = 2048) String> chain) {

        @Override
        public String toString() {
            return "Signed[requestId=" + requestId + ", command=(token), chain=" + (chain == null ? 0 : chain.size()) + "]";
        }
    }

    private final People people;
    private final PersonSync sync;
    private final PersonViews views;
    private final SignatureRequests signatures;
    private final Locks locks;
    private final ObjectMapper json;

    PersonSignaturesController(People people, PersonSync sync, PersonViews views, SignatureRequests signatures, Locks locks,
                               ObjectMapper json) {
        this.people = people;
        this.sync = sync;
        this.views = views;
        this.signatures = signatures;
        this.locks = locks;
        this.json = json;
    }

    @ApiDoc(summary = "What waits for an owner's device to sign it for a person, per protected lock (issue 15, B11)", answers = {404})
    @GetMapping("/api/people/{personId}/signatures")
    List<SignatureRequest> list(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String personId) {
        People.Person p = mine(me, personId);
        List<SignatureRequest> out = new ArrayList<>();
        for (People.PersonLock r : people.locksOf(p.id())) {
            if (!r.awaitingSignature()) {
                continue;
            }
            signatures.waiting(r.signatureId()).ifPresent(w -> out.add(shown(r, w)));
        }
        return out;
    }

    /**
     * The device-signed command for one request: 202 with the person (the lock's row follows the command as any
     * other); 400 DEVICE_COMMAND_MISMATCH / BAD_DEVICE_COMMAND, 409 SIGNATURE_REQUEST_GONE or REPLAYED, nothing queued.
     */
    @ApiDoc(summary = "Send what an owner's device signed for a person's protected lock (issue 15, B11)",
            answers = {202, 400, 404, 409})
    @PostMapping(path = "/api/people/{personId}/signatures", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PersonViews.PersonView> sign(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String personId,
                                                @Valid @RequestBody Signed request) {
        People.Person p = mine(me, personId);
        if (p.removing()) {
            throw new PersonRefused(HttpStatus.CONFLICT, "PERSON_REMOVING", "the person is being removed", null);
        }
        People.PersonLock row = people.locksOf(p.id()).stream().filter(r -> request.requestId().equals(r.signatureId()))
                .findFirst().orElseThrow(SignatureRequests::gone);
        String chain = request.chain() == null || request.chain().isEmpty() ? null : String.join(GrantChain.SEPARATOR, request.chain());
        sync.signed(p, row, new DeviceSignature(request.command(), chain));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(views.view(people.person(p.id()).orElseThrow()));
    }

    private SignatureRequest shown(People.PersonLock r, SignatureRequests.Waiting w) {
        ObjectNode command = (ObjectNode) json.readTree(LockCommands.write(w.command()));
        boolean passcode = w.command() instanceof LockCommand.WithSecret s && s.secret() != null;
        if (passcode) {
            command.remove(((LockCommand.WithSecret) w.command()).secretField()); // never shown: the app has it, or asks for it
        }
        String name = locks.byId(r.lockId()).map(Locks.Lock::name).orElse(null);
        return new SignatureRequest(w.id(), r.lockId(), name, w.serial(), r.signatureKind(), command, passcode, w.createdAt());
    }

    private People.Person mine(AccountPrincipal me, String personId) {
        UUID id;
        try {
            id = UUID.fromString(personId);
        } catch (IllegalArgumentException e) {
            throw noSuchPerson();
        }
        return people.person(id).filter(p -> p.ownerId().equals(me.accountId())).orElseThrow(PersonSignaturesController::noSuchPerson);
    }

    private static PersonRefused noSuchPerson() {
        return new PersonRefused(HttpStatus.NOT_FOUND, "NO_SUCH_PERSON", "no such person", null);
    }
}
