package io.keyward.cloud.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys that encrypt the cloud's secrets in the database (issue 10 item 5), kept outside it: from
 * the environment ({@code KEYWARD_SECRETS_KEY}) or else a key file (default
 * {@code <data-dir>/cloud/secrets.key}), which the first start makes with mode 0600 so that a new
 * installation needs no set-up.
 * <p>
 * Both hold one key a line (or, in the environment, comma-separated): {@code ID:BASE64}, a short id and
 * 32 random bytes. The first is the current key, which encrypts; the others are older keys kept only to
 * read what they encrypted until the start re-encrypts it (rotation, docs/security.md).
 */
public final class SecretsKeys {

    private static final int KEY_BYTES = 32;
    private static final String ID = "[A-Za-z0-9_-]{1,16}";

    private final String currentId;
    private final Map<String, SecretKey> keys;
    private final String source;

    private SecretsKeys(Map<String, SecretKey> keys, String source) {
        this.keys = keys;
        this.currentId = keys.keySet().iterator().next();
        this.source = source;
    }

    /** From the environment's value when given (not blank), else from the key file, made when missing. */
    public static SecretsKeys load(String environmentValue, Path keyFile) {
        if (environmentValue != null && !environmentValue.isBlank()) {
            return parse(List.of(environmentValue.split("[,\\n]")), "KEYWARD_SECRETS_KEY");
        }
        try {
            if (!Files.exists(keyFile)) {
                create(keyFile);
            }
            return parse(Files.readAllLines(keyFile, StandardCharsets.US_ASCII), keyFile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the secrets key file " + keyFile, e);
        }
    }

    /** A new key in the key file's format, "k1:BASE64": what rotation prepends. */
    public static String newKeyLine(String id) {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return id + ":" + Base64.getEncoder().encodeToString(key);
    }

    private static void create(Path keyFile) throws IOException {
        DataDirectories.secureDirectory(keyFile.getParent());
        try {
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException another) {
            return; // a second node sharing the folder made it first
        }
        Files.writeString(keyFile, newKeyLine("k1") + "\n", StandardCharsets.US_ASCII);
    }

    static SecretsKeys parse(List<String> lines, String source) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String id = colon < 0 ? "" : line.substring(0, colon);
            byte[] key;
            try {
                key = colon < 0 ? new byte[0] : Base64.getDecoder().decode(line.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (!id.matches(ID) || key.length != KEY_BYTES || keys.containsKey(id)) {
                throw new IllegalStateException("the secrets key in " + source + " is not ID:BASE64 of 32 bytes with a unique id"
                        + " (a line like k1:" + "A".repeat(43) + "=); see docs/security.md");
            }
            keys.put(id, new SecretKeySpec(key, "AES"));
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("no secrets key in " + source + "; see docs/security.md");
        }
        return new SecretsKeys(keys, source);
    }

    String currentId() {
        return currentId;
    }

    SecretKey current() {
        return keys.get(currentId);
    }

    /** The key of this id, or null when it is not among the configured keys. */
    SecretKey byId(String id) {
        return keys.get(id);
    }

    /** Where the keys came from, for messages: the variable's name or the file's path (never the key). */
    String source() {
        return source;
    }
}
