package io.keyward.cloud.sharing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An invitation link's secret: 32 random bytes, URL-safe. Only its SHA-256 is stored, so a copy of the
 * database cannot be turned into working links; the owner sees the token once, in the answer that made it.
 */
record InvitationToken(String token, String hash) {

    private static final SecureRandom RANDOM = new SecureRandom();

    static InvitationToken fresh() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new InvitationToken(token, hash(token));
    }

    static String hash(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
