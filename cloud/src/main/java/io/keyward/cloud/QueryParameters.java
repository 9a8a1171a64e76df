package io.keyward.cloud;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ResponseStatusException;

/**
 * Strict query parameters, one reading for every list endpoint (alerts, events): an unknown
 * parameter, a repeated one, or a value that does not parse or is out of range answers 400 with the
 * parameter's name and rule, rather than being ignored (a typo'd filter must not show everything).
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    public static void onlyKnown(MultiValueMap<String, String> params, Set<String> known) {
        for (String name : params.keySet()) {
            if (!known.contains(name)) {
                throw bad("unknown parameter '" + name + "'; known: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** The one value given, or null when the parameter is absent. */
    public static String single(MultiValueMap<String, String> params, String name) {
        List<String> values = params.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw bad(name + ": given more than once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    public static boolean bool(MultiValueMap<String, String> params, String name, boolean fallback) {
        String text = single(params, name);
        if (text == null) {
            return fallback;
        }
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(name + ": must be true or false");
        };
    }

    /** A whole number from min to max, or the fallback when absent. */
    public static int number(MultiValueMap<String, String> params, String name, int fallback, int min, int max) {
        Long value = number(params, name, min, max, "a whole number from " + min + " to " + max);
        return value == null ? fallback : value.intValue();
    }

    /** A whole number from min to max, or null when absent; out of range or not a number: 400 "name: must be rule". */
    public static Long number(MultiValueMap<String, String> params, String name, long min, long max, String rule) {
        String text = single(params, name);
        if (text == null) {
            return null;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // refused below, with the rule
        }
        throw bad(name + ": must be " + rule);
    }

    public static ResponseStatusException bad(String reason) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, reason);
    }
}
