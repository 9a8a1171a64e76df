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
 * The {@code {lockId}} of the path, parsed by the one lock-id rule (malformed answers 404 "no such lock",
 * as an unknown lock does) but with no role check: only for the few handlers whose rule is not a role on
 * the lock (Bluetooth keys: a role, or a key of one's own). Every other lock-scoped handler takes
 * {@link RequiresRole}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(in = ParameterIn.PATH, name = "lockId", required = true, schema = @Schema(type = "string", format = "uuid"))
public @interface LockPath {
}
