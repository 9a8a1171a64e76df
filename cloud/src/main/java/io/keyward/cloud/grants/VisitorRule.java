package io.keyward.cloud.grants;

import java.time.OffsetDateTime;
import java.util.Locale;

import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.trust.DeviceGrant;

/**
 * Issue 15, trust design §2, §7 with SPEC E3: a grant posted as the answer to a visitor's request must be
 * exactly what the owner offered with the pairing code: role VISITOR (Bluetooth unlock only, E4), held by the
 * device key the visitor redeemed the code with, for the invite's period to the millisecond (kwdg1 counts
 * milliseconds), naming the visitor's account. Anything else is 400 with its reason, nothing stored: the
 * owner's device may only approve what was asked, not widen it.
 */
final class VisitorRule {

    private VisitorRule() {
    }

    static void check(VisitorRequests.Request request, DeviceGrant grant) {
        if (grant.role() != KeyRole.VISITOR) {
            throw GrantRefused.bad("VISITOR_ROLE", "a visitor's request is answered with a VISITOR grant, not " + grant.role());
        }
        if (!grant.holderKey().equals(request.deviceKey())) {
            throw GrantRefused.bad("VISITOR_HOLDER", "the grant's holder is not the device that redeemed the pairing code");
        }
        if (grant.validFrom().toEpochMilli() != millis(request.validFrom())
                || grant.validUntil().toEpochMilli() != millis(request.validUntil())) {
            throw GrantRefused.bad("VISITOR_PERIOD", "the grant's period must be the pairing code's, from "
                    + request.validFrom().toInstant() + " until " + request.validUntil().toInstant());
        }
        if (!grant.account().equals(request.accountId().toString()) && (request.accountEmail() == null
                || !request.accountEmail().toLowerCase(Locale.ROOT).equals(grant.account().toLowerCase(Locale.ROOT)))) {
            throw GrantRefused.bad("ACCOUNT_MISMATCH", "the grant's account is not the visitor's account");
        }
    }

    private static long millis(OffsetDateTime time) {
        return time.toInstant().toEpochMilli();
    }
}
