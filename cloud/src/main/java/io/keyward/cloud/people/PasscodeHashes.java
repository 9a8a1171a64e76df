package io.keyward.cloud.people;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.keyward.cloud.secrets.RowIdentity;
import io.keyward.cloud.secrets.SecretBox;
import org.springframework.stereotype.Component;

/**
 * Keyed hashes of people's passcodes (docs/people.md, SPEC B11): HMAC-SHA256 under a key of the owner's
 * own, which rests sealed (secrets.SecretBox). The cloud compares a new person's code with the others' by
 * hash; without the key (which the database alone does not give) a hash does not tell the code, and a
 * 6-digit space cannot be searched through it.
 */
@Component
class PasscodeHashes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final People people;
    private final SecretBox box;

    PasscodeHashes(People people, SecretBox box) {
        this.people = people;
        this.box = box;
    }

    String hash(UUID owner, String digits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(owner), "HmacSHA256"));
            return Base64.getEncoder().withoutPadding().encodeToString(mac.doFinal(digits.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private byte[] key(UUID owner) {
        String identity = RowIdentity.of("people_keys", owner.toString(), "hash_key");
        if (people.hashKey(owner).isEmpty()) {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            people.hashKey(owner, box.seal(Base64.getEncoder().encodeToString(fresh), identity));
        }
        return Base64.getDecoder().decode(box.open(people.hashKey(owner).orElseThrow(), identity));
    }

    /** The identity a person's sealed passcode is bound to: a sealed text moved to another row does not open. */
    static String sealedIdentity(UUID person) {
        return RowIdentity.of("people", person.toString(), "passcode_sealed");
    }
}
