package io.keyward.cloud.grants;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of device_grants: a kwdg1 token as a device signed it, with what the lists need read out of it. */
record GrantRow(String grantId, UUID lockId, String token, String holderId, String holderKey, UUID accountId,
                String role, OffsetDateTime validFrom, OffsetDateTime validUntil, OffsetDateTime issuedAt,
                String signerId, String parentId, UUID storedBy, OffsetDateTime storedAt, OffsetDateTime revokedAt,
                UUID revokedBy, String revocation) {

    /** Not revoked, and now within its period (a grant valid from later is live too: it is waiting, not dead). */
    boolean liveAt(Instant now) {
        return revokedAt == null && validUntil.toInstant().isAfter(now);
    }

    /** ACTIVE, NOT_YET_VALID, EXPIRED or REVOKED at now (revoked first: it is the lasting fact). */
    String statusAt(Instant now) {
        if (revokedAt != null) {
            return "REVOKED";
        }
        if (!validUntil.toInstant().isAfter(now)) {
            return "EXPIRED";
        }
        return validFrom.toInstant().isAfter(now) ? "NOT_YET_VALID" : "ACTIVE";
    }
}
