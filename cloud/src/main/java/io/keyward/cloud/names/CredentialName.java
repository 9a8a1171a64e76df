package io.keyward.cloud.names;

import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The rules of a credential's name (issue 14, "Bad input"): 1 to 40 characters once trimmed, no
 * control characters and no markup (&lt; or &gt;), so that whatever shows it shows text. Each refusal is
 * a 400 in plain words; the app shows names as text in any case.
 */
final class CredentialName {

    static final int MAX = 40;
    /** The ids the lock gives credentials (B2): face-1, fingerprint-2, passcode-3. */
    static final Pattern ID = Pattern.compile("(face|fingerprint|passcode)-[0-9]{1,4}");

    private CredentialName() {
    }

    /** The name to store, trimmed; 400 when it breaks a rule. */
    static String check(String name) {
        String text = name == null ? "" : name.strip();
        if (text.isEmpty()) {
            throw bad("name: give the credential a name, such as “left index finger”");
        }
        if (text.codePointCount(0, text.length()) > MAX) {
            throw bad("name: at most " + MAX + " characters");
        }
        if (text.codePoints().anyMatch(Character::isISOControl)) {
            throw bad("name: no line breaks or control characters");
        }
        if (text.indexOf('<') >= 0 || text.indexOf('>') >= 0) {
            throw bad("name: no < or > (a name is plain text)");
        }
        return text;
    }

    /** 400 unless the id is one the lock gives a credential. */
    static String id(String credential) {
        if (credential == null || !ID.matcher(credential).matches()) {
            throw bad("credential must be an id the lock reported, such as passcode-1 or fingerprint-2");
        }
        return credential;
    }

    private static ResponseStatusException bad(String reason) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, reason);
    }
}
