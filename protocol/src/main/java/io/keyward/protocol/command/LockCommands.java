package io.keyward.protocol.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyward.protocol.json.JsonReasons;
import io.keyward.protocol.json.StrictJson;

/** Reads and writes lock commands in their JSON wire form; strict, so a malformed command is refused, not guessed. */
public final class LockCommands {

    /**
     * Commands larger than this are refused unread. 8 KiB: a DEVICE_SIGNED command carries a kwdc1 token
     * and up to two kwdg1 grants (issue 15; each some 500 characters in practice); the link's messages
     * may be 16 KiB ({@code LinkMessages.MAX_BYTES}), the brokers' packets 64 KiB.
     */
    public static final int MAX_BYTES = 8192;

    private static final ObjectMapper JSON = StrictJson.builder()
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .build();

    private LockCommands() {
    }

    /** Thrown for a command that cannot be read; the message says why. */
    public static final class MalformedCommand extends Exception {
        public MalformedCommand(String reason) {
            super(reason);
        }
    }

    public static LockCommand parse(String json) throws MalformedCommand {
        if (json == null || json.isBlank()) {
            throw new MalformedCommand("empty command");
        }
        if (json.length() > MAX_BYTES) {
            throw new MalformedCommand("command larger than " + MAX_BYTES + " bytes");
        }
        try {
            LockCommand command = JSON.readValue(json, LockCommand.class);
            if (command == null) {
                throw new MalformedCommand("empty command");
            }
            return command;
        } catch (JsonProcessingException e) {
            throw new MalformedCommand("malformed command: " + JsonReasons.of(e));
        }
    }

    /** The property of a command's JSON, beside its own, that names the account that asked for it in the app. */
    public static final String ASKED_BY = "askedBy";
    /** As long as an email may be. */
    public static final int MAX_ASKED_BY = 254;

    /**
     * A command and the account that asked for it in the app (null when nobody did through the cloud: the
     * panel, an app over Bluetooth), for the lock's events: "account bob@example.org", as remote unlock's.
     */
    public record Asked(LockCommand command, String askedBy) {
    }

    /** Reads a command that may name who asked ({@link #ASKED_BY}, a string); otherwise as strict as {@link #parse}. */
    public static Asked parseAsked(String json) throws MalformedCommand {
        if (json == null || json.length() > MAX_BYTES) {
            return new Asked(parse(json), null); // refused there, with its reason
        }
        try {
            JsonNode tree = JSON.readTree(json);
            if (!(tree instanceof ObjectNode object) || !object.has(ASKED_BY)) {
                return new Asked(parse(json), null);
            }
            JsonNode askedBy = object.remove(ASKED_BY);
            if (!askedBy.isTextual() || askedBy.asText().isBlank() || askedBy.asText().length() > MAX_ASKED_BY) {
                throw new MalformedCommand("malformed command: " + ASKED_BY + " must be an account's email");
            }
            return new Asked(parse(JSON.writeValueAsString(object)), askedBy.asText());
        } catch (JsonProcessingException e) {
            throw new MalformedCommand("malformed command: " + JsonReasons.of(e));
        }
    }

    /** The command's JSON naming the account that asked for it (see {@link #parseAsked}). */
    public static String write(LockCommand command, String askedBy) {
        ObjectNode object = JSON.valueToTree(command);
        if (askedBy != null) {
            object.put(ASKED_BY, askedBy);
        }
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + command, e);
        }
    }

    public static String write(LockCommand command) {
        try {
            return JSON.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + command, e);
        }
    }

    /**
     * A stored command's JSON as it may be shown back (an API's list of commands): the secret of a command
     * that carries one (a SET_HOME_MQTT's password, an ADD_USER's or REPLACE_PASSCODE's passcode) hidden,
     * everything else as it is. Text that is no command is shown as it is.
     */
    public static String shown(String json) {
        try {
            Asked asked = parseAsked(json); // a queued body names who asked (issue 12)
            if (asked.command() instanceof LockCommand.WithSecret w && w.secret() != null) {
                return write(w.withSecret(LockCommand.SetHomeMqtt.HIDDEN), asked.askedBy());
            }
            return json;
        } catch (MalformedCommand e) {
            return json;
        }
    }
}
