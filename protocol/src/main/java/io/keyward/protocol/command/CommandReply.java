package io.keyward.protocol.command;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * The lock's answer to a command: accepted (with the id of what it created, if anything) or
 * refused with a stable reason code and a human-readable message. data: what an accepted command
 * hands back beside that (BIND_DEVICE's deviceId, sealedVisitorSecret and mac, issue 15), else null
 * and left out of the JSON.
 */
public record CommandReply(boolean accepted, String reason, String message, Integer user,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> data) {

    public CommandReply {
        data = data == null ? null : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(data)); // one order: one JSON text
    }

    /** The form without data that every command but BIND_DEVICE answers with. */
    public CommandReply(boolean accepted, String reason, String message, Integer user) {
        this(accepted, reason, message, user, null);
    }

    public static CommandReply ok() {
        return new CommandReply(true, null, null, null);
    }

    public static CommandReply okUser(int user) {
        return new CommandReply(true, null, null, user);
    }

    /** Accepted, handing back data (issue 15: BIND_DEVICE). */
    public static CommandReply okData(Map<String, String> data) {
        return new CommandReply(true, null, null, null, data);
    }

    public static CommandReply refused(String reason, String message) {
        return new CommandReply(false, reason, message, null);
    }
}
