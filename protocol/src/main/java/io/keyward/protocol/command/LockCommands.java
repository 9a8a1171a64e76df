package io.keyward.protocol.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.keyward.protocol.json.JsonReasons;

/** Reads and writes lock commands in their JSON wire form; strict, so a malformed command is refused, not guessed. */
public final class LockCommands {

    /** Commands larger than this are refused unread. */
    public static final int MAX_BYTES = 4096;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // a field given twice is no command (as the radio's RadioJson and the link's readers say)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
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
}
