package io.keyward.cloud.names;

import java.util.List;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.RequiresRole;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A name per credential (issue 14): every account on the lock reads them (the event list shows them),
 * its owner and managers give them, as they manage the credentials themselves (B2).
 */
@RestController
class CredentialNamesController {

    record NameRequest(String name) {
    }

    private final CredentialNames names;

    CredentialNamesController(CredentialNames names) {
        this.names = names;
    }

    @ApiDoc(summary = "The names given to the lock's credentials (fingerprints, faces, passcodes)")
    @GetMapping("/api/locks/{lockId}/credential-names")
    List<CredentialNames.Named> list(@RequiresRole(AccountRole.MEMBER) UUID lockId) {
        return names.of(lockId);
    }

    /** 400 for an empty, too long or markup name, or an id the lock does not give. */
    @ApiDoc(summary = "Name one of a lock user's credentials, e.g. \"left index finger\"")
    @PutMapping(path = "/api/locks/{lockId}/users/{user}/credentials/{credential}/name", consumes = MediaType.APPLICATION_JSON_VALUE)
    CredentialNames.Named name(@AuthenticationPrincipal AccountPrincipal me, @RequiresRole(AccountRole.MANAGER) UUID lockId,
                               @PathVariable int user, @PathVariable String credential, @RequestBody NameRequest request) {
        if (user < 1 || user > 9999) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "user must be a lock user's number");
        }
        return names.name(lockId, user, CredentialName.id(credential), CredentialName.check(request.name()), me.accountId());
    }
}
