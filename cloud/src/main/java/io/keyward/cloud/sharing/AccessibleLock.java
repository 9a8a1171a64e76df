package io.keyward.cloud.sharing;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A lock the signed-in account may act on, with its role there (see {@link RequiresRole}). */
public record AccessibleLock(UUID id, AccountRole role) {

    /**
     * For a handler whose least role depends on what it is asked (a member may remove only its own share).
     * @throws ResponseStatusException 403 when the role is below minimum
     */
    public AccessibleLock require(AccountRole minimum) {
        if (!role.atLeast(minimum)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "your role on this lock is " + role.name().toLowerCase() + "; this needs "
                            + minimum.name().toLowerCase());
        }
        return this;
    }
}
