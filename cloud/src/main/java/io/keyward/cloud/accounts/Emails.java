package io.keyward.cloud.accounts;

import java.util.Locale;

final class Emails {

    private Emails() {
    }

    /**
     * One spelling per address, so "Ana@Example.org " cannot open a second account or dodge the
     * per-account sign-in limit. (Lower-casing the local part is not strictly RFC 5321, but every mail
     * provider people use treats it so.)
     */
    static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
