package io.keyward.cloud.grants;

import java.util.List;
import java.util.Locale;

import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.trust.DeviceGrant;

/**
 * SPEC H3 on grants (trust design §7): a grant goes to a device that an account the lock is shared with
 * registered, the grant's account field names that account (its id or email, as the app shows it), and
 * its role is not above the account's sharing role (a MEMBER's device gets MEMBER or VISITOR). The owner's
 * own other devices (registered by the owner's account) may be granted up to MANAGER.
 */
final class HolderRule {

    private HolderRule() {
    }

    static LockDevices.Holder holderOf(List<LockDevices.Holder> registered, DeviceGrant grant) {
        if (registered.isEmpty()) {
            throw GrantRefused.conflict("DEVICE_NOT_REGISTERED",
                    "no account registered the holder device: open the lock in the app on that device first");
        }
        LockDevices.Holder holder = registered.stream().filter(h -> names(h, grant.account())).findFirst()
                .orElseThrow(() -> GrantRefused.bad("ACCOUNT_MISMATCH",
                        "the grant's account is not the account that registered the holder device"));
        if (holder.role() == null) {
            throw GrantRefused.conflict("HOLDER_NOT_SHARED", "the lock is not shared with the holder's account");
        }
        // the owner's other browsers may be granted up to MANAGER (the app's "your other devices"); OWNER is
        // what the lock itself gives a device it binds at its door
        String cap = holder.role().equals("OWNER") ? "MANAGER" : holder.role();
        if (!GrantIntake.roleWithin(grant.role(), cap)) {
            throw GrantRefused.conflict("ROLE_ABOVE_SHARING",
                    "a " + grant.role() + " grant is above the account's role " + cap);
        }
        return holder;
    }

    private static boolean names(LockDevices.Holder holder, String account) {
        return account.equals(holder.accountId().toString())
                || holder.email() != null && holder.email().toLowerCase(Locale.ROOT).equals(account.toLowerCase(Locale.ROOT));
    }

    /** Whether the grant's role is still within the account's current sharing role (null: no longer shared). */
    static boolean stillShared(String grantRole, String sharingRole) {
        return sharingRole != null && GrantIntake.roleWithin(KeyRole.valueOf(grantRole),
                sharingRole.equals("OWNER") ? "MANAGER" : sharingRole);
    }
}
