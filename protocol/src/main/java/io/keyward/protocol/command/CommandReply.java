package io.keyward.protocol.command;

/**
 * The lock's answer to a command: accepted (with the id of what it created, if anything) or
 * refused with a stable reason code and a human-readable message.
 */
public record CommandReply(boolean accepted, String reason, String message, Integer user) {

    public static CommandReply ok() {
        return new CommandReply(true, null, null, null);
    }

    public static CommandReply okUser(int user) {
        return new CommandReply(true, null, null, user);
    }

    public static CommandReply refused(String reason, String message) {
        return new CommandReply(false, reason, message, null);
    }
}
