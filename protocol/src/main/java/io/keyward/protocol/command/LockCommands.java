package io.keyward.protocol.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.protocol.json.JsonReasons;
import io.keyward.protocol.json.StrictJson;

/** Reads and writes lock commands in their JSON wire form; strict, so a malformed command is refused, not guessed. */
public final class LockCommands {

    /** Commands larger than this are refused unread. */
    public static final int MAX_BYTES = 4096;

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

    public static String write(LockCommand command) {
        try {
            return JSON.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + command, e);
        }
    }

    /**
     * A stored command's JSON as it may be shown back (an API's list of commands): a SET_HOME_MQTT's
     * password hidden, everything else as it is. Text that is no command is shown as it is.
     */
    public static String shown(String json) {
        try {
            LockCommand command = parse(json);
            return command instanceof LockCommand.SetHomeMqtt h ? write(h.withPasswordHidden()) : json;
        } catch (MalformedCommand e) {
            return json;
        }
    }
}
