package io.keyward.protocol.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.stream.Collectors;

/**
 * Jackson's refusals in plain words (issue 10 finding 11): its own messages name Java types and its
 * feature switches ("bound as `com.fasterxml...JsonNode`", "`StreamReadConstraints.getMaxNestingDepth()`"),
 * which tell an outsider what runs inside and a person nothing. These reasons say what is wrong with the
 * JSON and where, and never echo the input beyond a field name.
 */
public final class JsonReasons {

    private static final int MAX_NAME = 64;

    private JsonReasons() {
    }

    public static String of(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "the JSON is nested too deeply or holds a number or text that is too long";
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + name(unknown.getPropertyName()) + "'";
        }
        if (e instanceof InvalidTypeIdException typeId) {
            return typeId.getTypeId() == null ? "the type field is missing" : "unknown type '" + name(typeId.getTypeId()) + "'";
        }
        if (e instanceof JsonMappingException mapping) {
            return mapping.getPath().isEmpty() ? "the JSON has the wrong shape"
                    : "wrong type or value for field '" + path(mapping) + "'";
        }
        String original = String.valueOf(e.getOriginalMessage());
        if (original.startsWith("Duplicate field")) {
            return "a field is given twice";
        }
        if (original.startsWith("Trailing token")) {
            return "more than one JSON value";
        }
        if (original.startsWith("Unexpected end-of-input")) {
            return "the JSON ends too early";
        }
        return "not valid JSON" + at(e.getLocation());
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? name(ref.getFieldName()) : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** A name from the input, cut short: a reason quotes it, never a whole body. */
    private static String name(String name) {
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) + "…" : name;
    }
}
