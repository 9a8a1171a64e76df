package io.keyward.cloud.secrets;

/** The associated data that binds a sealed secret to its row: "table/key/column". */
public final class RowIdentity {

    private RowIdentity() {
    }

    public static String of(String table, String key, String column) {
        return table + "/" + key + "/" + column;
    }

    /** The cloud's signing key of this name (signing_keys.private_key). */
    public static String signingKey(String name) {
        return of("signing_keys", name, "private_key");
    }

    /** A lock's visitor secret (locks.visitor_secret), by the lock's serial. */
    public static String visitorSecret(String serial) {
        return of("locks", serial, "visitor_secret");
    }

    /** An issued visitor code's digits (visitor_codes.code), by the code's id. */
    public static String visitorCode(String id) {
        return of("visitor_codes", id, "code");
    }

    /** A pairing claim's secret (pairing_claims.secret), by the lock's serial. */
    public static String pairingSecret(String serial) {
        return of("pairing_claims", serial, "secret");
    }

    /** A webhook endpoint's signing secret (webhook_endpoints.secret), by the endpoint's id. */
    public static String webhookSecret(String id) {
        return of("webhook_endpoints", id, "secret");
    }
}
