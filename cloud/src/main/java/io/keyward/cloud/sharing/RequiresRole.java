package io.keyward.cloud.sharing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The one role check of a lock-scoped handler, and its one lock-id rule: a parameter
 * {@code @RequiresRole(MANAGER) UUID lockId} (or {@code AccessibleLock lock}, to know the role too) is the
 * {@code {lockId}} of the path, given to the handler only when the signed-in account holds at least that
 * role on the lock. A malformed id, an unknown lock and a lock the account has no role on all answer 404
 * {@code {"error": "no such lock"}}, so an id reveals nothing; a role too small answers 403
 * ({@link Access#require}). Resolved by {@link LockAccessResolver} before the request body is read.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
// the API document still shows {lockId} as a path parameter, as when handlers took it with @PathVariable
@Parameter(in = ParameterIn.PATH, name = "lockId", required = true, schema = @Schema(type = "string", format = "uuid"))
public @interface RequiresRole {

    /** The least role the account needs on the lock. */
    AccountRole value();
}
