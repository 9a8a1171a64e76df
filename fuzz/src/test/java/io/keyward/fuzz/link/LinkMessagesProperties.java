package io.keyward.fuzz.link;

import io.keyward.fuzz.FuzzCounts;
import io.keyward.protocol.link.CameraMessages;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.SignedCommand;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property fuzzing of every link message type, both directions: bit flips and truncations of valid
 * messages, and valid messages with one value swapped for a wrong type, a huge number or an instant out
 * of range. Each either reads or is Malformed with a reason; nothing else escapes.
 */
@Label("link messages: spoiled ones read or are Malformed, nothing else")
class LinkMessagesProperties {

    private static final List<Class<?>> TYPES = List.of(SignedCommand.class, LinkMessages.Ack.class,
            LinkMessages.EventMessage.class, LinkMessages.LockState.class, LinkMessages.Reply.class,
            LinkMessages.Presence.class, CameraMessages.LiveRequest.class, CameraMessages.LiveStatus.class);
    private static final List<String> VALID = List.of(
            "{\"v\":1,\"serial\":\"KW-0001\",\"id\":\"c1\",\"issued\":\"2026-01-05T08:00:00Z\",\"expires\":\"2026-01-05T08:00:20Z\",\"nonce\":\"AAAA\",\"body\":\"{}\",\"signature\":\"AAAA\"}",
            "{\"v\":1,\"seq\":3}",
            "{\"v\":1,\"seq\":17,\"at\":\"2026-01-05T08:00:00Z\",\"kind\":\"UNLOCK\",\"method\":\"PASSCODE\",\"result\":\"OK\",\"user\":1,\"credential\":\"passcode-1\",\"reason\":null,\"alarm\":null,\"detail\":null}",
            "{\"v\":1,\"online\":true,\"asOf\":5,\"battery\":90,\"batteryLow\":false,\"bolt\":\"LOCKED\",\"door\":\"CLOSED\",\"lockedFromInside\":false,\"lockout\":false,\"settings\":{\"A\":\"B\"},\"users\":[{\"id\":1,\"name\":\"A\",\"role\":\"ADMINISTRATOR\",\"validFrom\":null,\"validUntil\":\"2027-01-01T00:00:00Z\",\"credentials\":[{\"id\":\"p\",\"kind\":\"PASSCODE\",\"duress\":false}]}],\"enrolment\":{\"user\":1,\"kind\":\"FACE\",\"duress\":false,\"step\":1,\"steps\":5},\"radio\":null,\"accessories\":[]}",
            "{\"v\":1,\"id\":\"c1\",\"accepted\":true,\"reason\":null,\"message\":null,\"user\":2}",
            "{\"v\":1,\"online\":false}",
            "{\"v\":1,\"id\":\"l1\",\"seconds\":30}",
            "{\"v\":1,\"id\":\"l1\",\"streaming\":false,\"reason\":\"LOW_BATTERY\",\"message\":\"m\"}");
    private static final List<String> ODD = List.of("\"1\"", "1e400", "-9223372036854775809", "18446744073709551616",
            "null", "[]", "{}", "\"+1000000000-01-01T00:00:00Z\"", "\"-999999999-01-01T00:00:00Z\"", "1.5",
            "\"\\ud800\"", "[" .repeat(500) + "]".repeat(500), "true");

    @AfterContainer
    static void counts() {
        FuzzCounts.print(LinkMessagesProperties.class);
    }

    @Property(tries = 1500)
    void spoiledMessagesReadOrAreMalformed(@ForAll("index") int type, @ForAll("how") int how,
                                           @ForAll("where") int where, @ForAll("odd") String odd) {
        FuzzCounts.ran("LinkMessagesProperties.spoiled");
        String valid = VALID.get(type);
        byte[] bytes = switch (how) {
            case 0 -> valid.substring(0, where % valid.length()).getBytes(StandardCharsets.UTF_8);
            case 1 -> {
                byte[] b = valid.getBytes(StandardCharsets.UTF_8);
                b[where % b.length] ^= (byte) (1 << (where % 8));
                yield b;
            }
            default -> swapValue(valid, where, odd).getBytes(StandardCharsets.UTF_8);
        };
        try {
            if (TYPES.get(type) == CameraMessages.LiveRequest.class) {
                CameraMessages.readRequest(bytes);
            } else if (TYPES.get(type) == CameraMessages.LiveStatus.class) {
                CameraMessages.readStatus(bytes);
            } else {
                assertThat(LinkMessages.read(bytes, TYPES.get(type))).isNotNull();
            }
        } catch (LinkMessages.Malformed e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    /** The where-th value (after a colon) replaced by odd. */
    private static String swapValue(String json, int where, String odd) {
        int colons = (int) json.chars().filter(c -> c == ':').count();
        int which = where % colons;
        int at = -1;
        for (int i = 0; i <= which; i++) {
            at = json.indexOf(':', at + 1);
        }
        int end = at + 1;
        if (json.charAt(end) == '"') {
            end = json.indexOf('"', end + 1) + 1;
        } else {
            while (end < json.length() && ",}]".indexOf(json.charAt(end)) < 0) {
                end++;
            }
        }
        return json.substring(0, at + 1) + odd + json.substring(end);
    }

    @Provide
    Arbitrary<Integer> index() {
        return Arbitraries.integers().between(0, VALID.size() - 1);
    }

    @Provide
    Arbitrary<Integer> how() {
        return Arbitraries.integers().between(0, 2);
    }

    @Provide
    Arbitrary<Integer> where() {
        return Arbitraries.integers().between(0, 100_000);
    }

    @Provide
    Arbitrary<String> odd() {
        return Arbitraries.of(ODD);
    }
}
