package io.keyward.cloud.grants;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issue 15, trust design §7: visitors' devices waiting for a grant. On a lock in trust mode a visitor who
 * redeems the owner's Bluetooth pairing code (SPEC E3) gets no cloud-signed key; the Bluetooth feature keeps
 * the request with the invite and lends it to the grants relay through this interface (bluetooth depends on
 * grants, never the other way). The owner's list of device requests shows it; a VISITOR grant that answers it
 * is checked against it ({@link VisitorRule}) and redeems the invite, once.
 */
public interface VisitorRequests {

    /**
     * A visitor device's request: the invite it came from, its name and period (the grant's period exactly),
     * the account that redeemed it and the device key it gave; grantId once a grant answered it.
     */
    record Request(UUID inviteId, UUID lockId, String inviteName, OffsetDateTime validFrom, OffsetDateTime validUntil,
                   UUID accountId, String accountEmail, String accountName, String deviceKey, String deviceId,
                   OffsetDateTime requestedAt, String grantId) {
    }

    /** The lock's requests no grant answered yet and whose period is not over, oldest first. */
    List<Request> waiting(UUID lockId);

    /** The request made with this invite on this lock, answered or not. */
    Optional<Request> of(UUID lockId, UUID inviteId);

    /** Records the grant that answers the request: the invite is redeemed. False when a grant answered it before. */
    boolean answer(UUID inviteId, String grantId);

    /** Whether the account redeemed an invite of the lock as a visitor (with this device, when deviceId is not null). */
    boolean asked(UUID accountId, UUID lockId, String deviceId);

    /** The ids of the grants that answered visitor requests on the lock. */
    Set<String> grantIds(UUID lockId);
}
