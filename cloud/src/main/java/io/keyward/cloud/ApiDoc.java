package io.keyward.cloud;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What /api/openapi.json says of one REST operation (issue 12): its summary and the statuses that are
 * its own. The statuses every operation of a kind answers are added by the web package's
 * ApiDocument from the handler's signature, so they are never forgotten: 400 when it takes a
 * parameter or a body, 401 unless it is open to the signed-out, 403 when it changes state (the
 * X-Keyward header) or needs more than a member's role, 404 for a lock in the path, 413 and 415
 * for a body, 503 (the database is away) for all. Each status has the error body {"error": "..."}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ApiDoc {

    /** One line, in the manual's words. */
    String summary();

    /**
     * The operation's own statuses: its successes (the first 2xx carries the answer's schema; none
     * means 200) and the refusals its code raises (404 for an item, 409, 410, 429, 504 ...).
     */
    int[] answers() default {};

    /** True when 409 carries the lock's refusal (CommandRefused: error, reason, command), not a bare error. */
    boolean lockRefuses() default false;

    /** True for the few operations open without signing in (no 401, no security requirement). */
    boolean open() default false;
}
