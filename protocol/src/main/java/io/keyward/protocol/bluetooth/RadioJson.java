package io.keyward.protocol.bluetooth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.protocol.json.StrictJson;

/** The strict JSON of the record payloads: no unknown or repeated field, nothing after the object. */
final class RadioJson {

    static final ObjectMapper MAPPER = StrictJson.builder().build();

    private RadioJson() {
    }
}
