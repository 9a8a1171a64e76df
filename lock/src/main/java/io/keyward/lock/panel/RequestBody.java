package io.keyward.lock.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One action's JSON object, read strictly: every field known, of the right JSON type, in range.
 * Each getter throws {@link BadRequest} with a reason a person can act on, before the lock is touched.
 */
final class RequestBody {

    /** Names of fingers, faces and mechanical keys: long enough for any test, short enough to log. */
    static final int MAX_NAME = 64;

    private final ObjectNode node;

    RequestBody(ObjectNode node) {
        this.node = node;
    }

    /** Refuses any field not named here (a typo must not silently fall back to a default). */
    RequestBody allowOnly(String... names) {
        Set<String> allowed = Set.of(names);
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw BadRequest.of("unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + (names.length == 0 ? "; this action takes none" : "; allowed: " + String.join(", ", names)));
        }
        return this;
    }

    boolean has(String name) {
        return node.has(name);
    }

    /** Present and JSON null. */
    boolean isNull(String name) {
        return node.has(name) && node.get(name).isNull();
    }

    String text(String name) {
        JsonNode value = required(name);
        if (!value.isTextual()) {
            throw BadRequest.of(name + " must be a string");
        }
        return value.textValue();
    }

    /** A non-blank string of at most {@link #MAX_NAME} characters. */
    String name(String name) {
        String value = text(name);
        if (value.isBlank() || value.length() > MAX_NAME) {
            throw BadRequest.of(name + " must be 1 to " + MAX_NAME + " characters, not blank");
        }
        return value;
    }

    /** One of an enum's constant names, exactly as spelled. */
    <E extends Enum<E>> E oneOf(String name, Class<E> type) {
        String value = text(name);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw BadRequest.of(name + " must be one of " + Arrays.toString(type.getEnumConstants()) + ", not \"" + value + "\"");
    }

    boolean bool(String name) {
        JsonNode value = required(name);
        if (!value.isBoolean()) {
            throw BadRequest.of(name + " must be true or false");
        }
        return value.booleanValue();
    }

    boolean bool(String name, boolean fallback) {
        return has(name) ? bool(name) : fallback;
    }

    /** A JSON number within [min, max]; minExclusive makes min itself out of range. */
    double number(String name, double min, boolean minExclusive, double max) {
        JsonNode value = required(name);
        double n = value.isNumber() ? value.doubleValue() : Double.NaN;
        boolean inRange = !Double.isNaN(n) && (minExclusive ? n > min : n >= min) && n <= max;
        if (!inRange) {
            throw BadRequest.of(name + " must be a number " + (minExclusive ? "above " : "from ") + plain(min) + " to " + plain(max));
        }
        return n;
    }

    double number(String name, double min, boolean minExclusive, double max, double fallback) {
        return has(name) ? number(name, min, minExclusive, max) : fallback;
    }

    /** A whole JSON number (3 or 3.0, not "3" or 3.5) within [min, max]. */
    long wholeNumber(String name, long min, long max) {
        JsonNode value = required(name);
        boolean whole = value.isIntegralNumber() || (value.isFloatingPointNumber() && value.canConvertToExactIntegral());
        if (!whole || !value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw BadRequest.of(name + " must be a whole number from " + min + " to " + max);
        }
        return value.longValue();
    }

    /** A non-empty array of strings, at most max of them. */
    List<String> texts(String name, int max) {
        JsonNode value = required(name);
        if (!value.isArray()) {
            throw BadRequest.of(name + " must be an array of strings");
        }
        if (value.isEmpty() || value.size() > max) {
            throw BadRequest.of(name + " must hold 1 to " + max + " entries, not " + value.size());
        }
        List<String> out = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw BadRequest.of(name + " must be an array of strings; found " + item.getNodeType().name().toLowerCase());
            }
            out.add(item.textValue());
        }
        return out;
    }

    private JsonNode required(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw BadRequest.of(name + " is required");
        }
        return value;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
