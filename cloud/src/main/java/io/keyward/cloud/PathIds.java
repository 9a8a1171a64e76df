package io.keyward.cloud;

import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.web.server.ResponseStatusException;

/**
 * An id given in a path (a token's, an alert's, a share's account): text that is no UUID names
 * nothing, so it answers as an unknown id does (the caller's 404), never a 400 or 500 that would
 * tell the two apart.
 */
public final class PathIds {

    private PathIds() {
    }

    public static UUID uuid(String text, Supplier<ResponseStatusException> noSuch) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException notAUuid) {
            throw noSuch.get();
        }
    }
}
