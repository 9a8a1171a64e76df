package io.keyward.lock.panel;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.keyward.protocol.json.JsonReasons;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The panel API's JSON: strict on the way in, records as they are on the way out (Instants as ISO-8601). */
final class PanelJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // a repeated field or a second value after the object is a malformed body, not a guess
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PanelJson() {
    }

    /** The body as a JSON object; an empty body counts as {} so that {@code curl -X POST .../touch} works. */
    static RequestBody readObject(byte[] body) {
        if (isBlank(body)) {
            return new RequestBody(MAPPER.createObjectNode());
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw BadRequest.of("malformed JSON: " + reason(e));
        }
        if (node == null || !node.isObject()) {
            throw BadRequest.of("the body must be a JSON object");
        }
        return new RequestBody((ObjectNode) node);
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /** {"error": reason} plus any further fields, in order. */
    static byte[] error(String reason, String... moreKeysAndValues) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", reason);
        for (int i = 0; i + 1 < moreKeysAndValues.length; i += 2) {
            body.put(moreKeysAndValues[i], moreKeysAndValues[i + 1]);
        }
        return write(body);
    }

    private static boolean isBlank(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).isBlank();
    }

    /** Plain words, never Jackson's own message: it names Java types (issue 10 finding 11). */
    private static String reason(IOException e) {
        return e instanceof JsonProcessingException j ? JsonReasons.of(j) : "unreadable body";
    }
}
