package io.keyward.protocol.link;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import java.io.IOException;
import java.time.Instant;

/**
 * The instants the link carries, read only within years 0000 to 9999: a signed command's instants
 * are signed as epoch milliseconds (beyond ±292 million years that overflows) and the cloud stores
 * events in SQL timestamps (four-digit years). Java's Instant reaches a billion years either way, so
 * without this a message could read and then break the code that uses it (issue 10, fuzz finding 1).
 */
final class WireInstants {

    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private WireInstants() {
    }

    /** A Jackson module reading Instant as ISO-8601 text (as JavaTimeModule does), refusing one out of range. */
    static SimpleModule module() {
        return new SimpleModule("keyward-wire-instants").addDeserializer(Instant.class, new Bounded());
    }

    private static final class Bounded extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext context) throws IOException {
            Instant instant = InstantDeserializer.INSTANT.deserialize(p, context);
            if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST))) {
                return (Instant) context.handleWeirdStringValue(Instant.class, p.getText(),
                        "instant out of range (years 0000 to 9999)");
            }
            return instant;
        }
    }
}
