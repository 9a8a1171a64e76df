package io.keyward.protocol.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The strictness every reader of outside JSON shares (the link's messages, lock commands, the
 * radio's records): one place, so that two readers cannot drift apart on what is a message.
 * A reader adds its own rules (bounded instants, no coercion) before {@code build()}.
 */
public final class StrictJson {

    private StrictJson() {
    }

    /** Instants written as text; no unknown field, no field given twice, no null for a number, nothing after the object. */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                // a field given twice is no message (else the last one wins, and two readers may disagree)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
