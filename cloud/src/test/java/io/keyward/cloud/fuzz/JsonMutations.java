package io.keyward.cloud.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Structured bad input for JSON endpoints, from a valid body: wrong types, huge and odd numbers, deep
 * nesting, unicode (escapes, surrogates, NUL, right-to-left marks), truncation and bit flips. Seeded, so
 * a failure names the seed and replays.
 */
final class JsonMutations {

    private static final List<String> ODD_VALUES = List.of(
            "null", "true", "0", "-1", "1e309", "-1e309", "9223372036854775808", "-9223372036854775809",
            "123456789012345678901234567890", "0.000000000000000000000000001", "1.5", "NaN", "\"\"", "\" \"",
            "[]", "{}", "[null]", "\"\\u0000\"", "\"\\ud800\"", "\"\u202e\u0041dmin\"", "\"\ud83d\udd11\"",
            "\"x" + "y".repeat(300) + "\"", "\"2026-13-45T99:99:99Z\"", "\"+1000000000-12-31T23:59:59Z\"",
            "\"../../etc/passwd\"", "\"<script>alert(1)</script>\"", "\"' or 1=1 --\"", "\"%00\"", "{\"$ne\":1}");

    private final Random random;

    JsonMutations(long seed) {
        this.random = new Random(seed);
    }

    /** One mutation of a valid JSON object text. */
    String mutate(String valid) {
        return switch (random.nextInt(9)) {
            case 0 -> replaceAValue(valid);
            case 1 -> replaceAValue(replaceAValue(valid));
            case 2 -> nest(random.nextInt(2) == 0 ? 50 : 5000);
            case 3 -> valid.substring(0, random.nextInt(Math.max(1, valid.length())));
            case 4 -> flipBits(valid);
            case 5 -> ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
            case 6 -> valid.replaceFirst("\\{", java.util.regex.Matcher.quoteReplacement("{\"" + randomText(8) + "\":" + oddValue() + ","));
            case 7 -> valid + valid;
            default -> randomText(random.nextInt(64));
        };
    }

    String oddValue() {
        return ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
    }

    /** Replaces one value (after a colon) with an odd one. */
    private String replaceAValue(String json) {
        int colons = (int) json.chars().filter(c -> c == ':').count();
        if (colons == 0) {
            return oddValue();
        }
        int which = random.nextInt(colons);
        int at = -1;
        for (int i = 0; i <= which; i++) {
            at = json.indexOf(':', at + 1);
        }
        int end = valueEnd(json, at + 1);
        return json.substring(0, at + 1) + oddValue() + json.substring(end);
    }

    /** The end of the (flat) value starting at from: a string, or up to the next comma or closing brace. */
    private static int valueEnd(String json, int from) {
        int i = from;
        while (i < json.length() && json.charAt(i) == ' ') {
            i++;
        }
        if (i < json.length() && json.charAt(i) == '"') {
            i++;
            while (i < json.length() && json.charAt(i) != '"') {
                i += json.charAt(i) == '\\' ? 2 : 1;
            }
            return Math.min(json.length(), i + 1);
        }
        int depth = 0;
        for (; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '[' || c == '{') {
                depth++;
            } else if ((c == ']' || c == '}') && depth-- == 0) {
                return i;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return json.length();
    }

    private String nest(int depth) {
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    private String flipBits(String valid) {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips && bytes.length > 0; i++) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    String randomText(int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            out.appendCodePoint(kind < 6 ? 32 + random.nextInt(95) : kind < 8 ? random.nextInt(0x3000) : 0x1F300 + random.nextInt(200));
        }
        return out.toString();
    }

    /** A path segment that is no id: text, numbers, traversal, encoded separators, unicode, long. */
    String badSegment() {
        return switch (random.nextInt(8)) {
            case 0 -> "not-a-uuid";
            case 1 -> "00000000-0000-0000-0000-000000000000";
            case 2 -> "%2e%2e";
            case 3 -> String.valueOf(random.nextLong());
            case 4 -> "a".repeat(1 + random.nextInt(2000));
            case 5 -> "%E2%80%AE" + random.nextInt(1000);
            case 6 -> "12345678-1234-1234-1234-1234567890ab";
            default -> "%25" + random.nextInt(100);
        };
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
