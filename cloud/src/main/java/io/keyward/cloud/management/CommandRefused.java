package io.keyward.cloud.management;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The 409 body of a command the lock refused: the project's error body ({@code error}, plain words
 * from {@link RefusalReasons}) plus the lock's machine code ({@code reason}) and, for a queued
 * management command, the command as {@code GET .../commands/{id}} shows it (with the lock's own message).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "CommandRefused", description = "A command the lock refused (409)")
public record CommandRefused(
        @Schema(description = "the refusal in plain words", requiredMode = Schema.RequiredMode.REQUIRED) String error,
        @Schema(description = "the lock's refusal code, such as BAD_VALUE or USER_FULL", requiredMode = Schema.RequiredMode.REQUIRED) String reason,
        @Schema(description = "the refused command, for management commands") CommandView command) {
}
