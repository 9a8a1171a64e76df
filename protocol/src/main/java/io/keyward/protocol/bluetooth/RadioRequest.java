package io.keyward.protocol.bluetooth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a phone asks of the lock inside a Bluetooth session (SPEC C5, E3, B2): the UTF-8 JSON
 * plaintext of one record, answered by exactly one {@link RadioResponse} record. Parsing is strict:
 * a known type, exactly its fields, nothing repeated, nothing after the object.
 *
 * <pre>
 * {"type":"UNLOCK"}
 * {"type":"REVOCATIONS","revocations":["kwrv1...", "kwdr1...", "kwdr1...~kwdg1...~kwdg1...", ...]}      (1 to 64)
 * {"type":"COMMAND","command":{a LockCommand as LockCommands reads it}}
 * {"type":"STATE"}
 * </pre>
 */
public sealed interface RadioRequest
        permits RadioRequest.Unlock, RadioRequest.Revocations, RadioRequest.Command, RadioRequest.State {

    /** The most revocations one request carries. */
    int MAX_REVOCATIONS = 64;
    /**
     * The longest revocation text read: a kwrv1 or an owner device's kwdr1 is about 250 characters; a
     * manager's kwdr1 is carried with the revoked grant and its chain ({@code kwdr1~kwdg1~kwdg1[~kwdg1]},
     * issue 15, trust design §8), four tokens of at most 2,048 characters and their separators.
     */
    int MAX_REVOCATION_LENGTH = 4 * 2048 + 3;

    /** Open the door. */
    record Unlock() implements RadioRequest {
    }

    /** Revocations the cloud signed, carried by this app to the lock (E3). */
    record Revocations(List<String> revocations) implements RadioRequest {
        public Revocations {
            revocations = List.copyOf(revocations);
        }
    }

    /** A management command (B2), for keys with role OWNER or MANAGER. */
    record Command(LockCommand command) implements RadioRequest {
        public Command {
            Objects.requireNonNull(command, "command");
        }
    }

    /** The lock's state as it reports it to the cloud, for an app managing an offline lock. */
    record State() implements RadioRequest {
    }

    /** Thrown for a plaintext that is no request; the message says why. */
    final class Malformed extends Exception {
        public Malformed(String reason) {
            super(reason);
        }
    }

    /** The request in its JSON form, UTF-8. */
    default byte[] toBytes() {
        ObjectNode node = RadioJson.MAPPER.createObjectNode();
        if (this instanceof Unlock) {
            node.put("type", "UNLOCK");
        } else if (this instanceof Revocations r) {
            node.put("type", "REVOCATIONS");
            ArrayNode list = node.putArray("revocations");
            r.revocations().forEach(list::add);
        } else if (this instanceof Command c) {
            node.put("type", "COMMAND");
            try {
                node.set("command", RadioJson.MAPPER.readTree(LockCommands.write(c.command())));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write " + c.command(), e);
            }
        } else {
            node.put("type", "STATE");
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The request a record's plaintext carries. */
    static RadioRequest parse(byte[] plaintext) throws Malformed {
        if (plaintext == null || plaintext.length == 0) {
            throw new Malformed("empty request");
        }
        JsonNode node;
        try {
            node = RadioJson.MAPPER.readTree(plaintext);
        } catch (IOException e) {
            throw new Malformed("the request is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new Malformed("the request must be a JSON object");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new Malformed("type must be UNLOCK, REVOCATIONS, COMMAND or STATE");
        }
        switch (type.textValue()) {
            case "UNLOCK":
                onlyFields(node, Set.of("type"));
                return new Unlock();
            case "STATE":
                onlyFields(node, Set.of("type"));
                return new State();
            case "REVOCATIONS":
                onlyFields(node, Set.of("type", "revocations"));
                return new Revocations(revocations(node.get("revocations")));
            case "COMMAND":
                onlyFields(node, Set.of("type", "command"));
                return new Command(command(node.get("command")));
            default:
                throw new Malformed("type must be UNLOCK, REVOCATIONS, COMMAND or STATE");
        }
    }

    private static void onlyFields(JsonNode node, Set<String> allowed) throws Malformed {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new Malformed("unknown field " + (name.length() > 40 ? name.substring(0, 40) : name));
            }
        }
        for (String name : allowed) {
            if (!node.has(name)) {
                throw new Malformed(name + " is required");
            }
        }
    }

    private static List<String> revocations(JsonNode list) throws Malformed {
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_REVOCATIONS) {
            throw new Malformed("revocations must be an array of 1 to " + MAX_REVOCATIONS + " strings");
        }
        List<String> out = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            if (!item.isTextual() || item.textValue().isEmpty() || item.textValue().length() > MAX_REVOCATION_LENGTH) {
                throw new Malformed("each revocation must be a string of 1 to " + MAX_REVOCATION_LENGTH + " characters");
            }
            out.add(item.textValue());
        }
        return out;
    }

    private static LockCommand command(JsonNode command) throws Malformed {
        if (!command.isObject()) {
            throw new Malformed("command must be a JSON object");
        }
        try {
            return LockCommands.parse(command.toString());
        } catch (LockCommands.MalformedCommand e) {
            throw new Malformed(e.getMessage());
        }
    }
}
