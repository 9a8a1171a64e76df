package io.keyward.cloud.visitors;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.RequiresRole;
import io.keyward.cloud.visitors.VisitorCodesController.VisitorCodeView;
import io.keyward.protocol.visitor.CodeId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Issue 15 (trust design §5; SPEC E1, E2): a lock in trust mode made a visitor secret the cloud never learns,
 * so an owner's or manager's device makes the code in the app (static/app/visitor-codes.js) and tells the
 * cloud only its id (kind, start hour, variant), period and a name, for the list and for revoking. The
 * cloud stores no digits: it must never hold a code that opens.
 */
@RestController
class AppMadeVisitorCodesController {

    /**
     * What the app made: start is the code's start hour (a whole UTC hour, exactly the one the digits were made
     * for); end: a PERIODIC code's end, the one its variant's period gives (none for ONE_TIME); variant: one-time
     * serial 0..15, or periodic duration class * 2 + serial.
     */
    record MadeInApp(@NotNull @Pattern(regexp = "ONE_TIME|PERIODIC", message = "must be ONE_TIME or PERIODIC") String kind,
                     @NotNull Instant start, Instant end, @Size(max = 100) String name, @NotNull Integer variant) {
    }

    private final VisitorCodes codes;
    private final LockTrustMode trustMode;
    private final Clock clock;

    AppMadeVisitorCodesController(VisitorCodes codes, LockTrustMode trustMode, Clock clock) {
        this.codes = codes;
        this.trustMode = trustMode;
        this.clock = clock;
    }

    @ApiDoc(summary = "Record a visitor passcode made in the app for a lock in trust mode, without its digits (issue 15)",
            answers = {201, 409})
    @PostMapping(path = "/api/locks/{lockId}/visitor-codes/made-in-app", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<VisitorCodeView> record(@AuthenticationPrincipal AccountPrincipal me,
                                           @RequiresRole(AccountRole.MANAGER) UUID lock,
                                           @Valid @RequestBody MadeInApp request) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        AppCodeRequest.Checked code = AppCodeRequest.check(request, now.toInstant());
        if (!trustMode.of(lock)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "NOT_IN_TRUST_MODE: this lock holds no owner device,"
                    + " so the cloud makes its visitor codes (POST /api/locks/{lockId}/visitor-codes)");
        }
        UUID id = UUID.randomUUID();
        if (!codes.insertMadeInApp(id, lock, code.id(), VisitorCodesController.at(code.id().startHour()),
                VisitorCodesController.at(code.id().untilHour()), code.name(), me.accountId(), now)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "VARIANT_TAKEN: " + VisitorCodesController.eventName(code.id())
                    + " was made before; choose another variant (the list shows the ones taken)");
        }
        VisitorCodes.Row row = codes.find(lock, id).orElseThrow();
        return ResponseEntity.created(URI.create("/api/locks/" + lock + "/visitor-codes/" + id))
                .body(VisitorCodesController.view(codes, row, null, null));
    }
}
