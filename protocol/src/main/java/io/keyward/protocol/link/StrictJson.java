package io.keyward.protocol.link;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The strictness every reader of the link's JSON shares (LinkMessages, CameraMessages): one place,
 * so that the two readers cannot drift apart on what is a message. Instants are written as text.
 */
final class StrictJson {

    private StrictJson() {
    }

    /** A builder with the shared rules; a reader adds its own before {@code build()}. */
    static JsonMapper.Builder builder() {
        return JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(WireInstants.module()) // after JavaTimeModule: its Instant reader wins
            // a field given twice is no message (else the last one wins, and two readers may disagree)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
