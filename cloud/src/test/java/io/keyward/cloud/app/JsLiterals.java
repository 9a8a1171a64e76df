package io.keyward.cloud.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The string literals of a JavaScript module, read well enough for the app's plain ES modules: quotes,
 * template literals (their ${...} read as code, so literals inside are found too), comments and regular
 * expression literals skipped. {@link #masked()} is the source with comments and regular expressions
 * blanked, for looking at what stands around a literal.
 */
final class JsLiterals {

    /** A literal's text (a template's ${...} as \0), where it starts and ends in the source, and its line. */
    record Literal(String text, int start, int end, int line) {
    }

    private static final String BEFORE_REGEX = "(,=:[!&|?{};+-*%<>~^";
    private static final Set<String> WORDS_BEFORE_REGEX = Set.of("return", "typeof", "case", "in", "of", "delete",
            "void", "throw", "new", "else", "do", "yield", "await");

    private final String source;
    private final StringBuilder masked;
    private final List<Literal> literals = new ArrayList<>();

    JsLiterals(String source) {
        this.source = source;
        this.masked = new StringBuilder(source);
        code(0, false);
    }

    List<Literal> literals() {
        return literals;
    }

    String masked() {
        return masked.toString();
    }

    /** Reads code from i; inside a template's ${...}, stops at its closing brace and returns its index. */
    private int code(int i, boolean inExpression) {
        int depth = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            char next = i + 1 < n ? source.charAt(i + 1) : 0;
            if (c == '/' && next == '/') {
                int end = source.indexOf('\n', i);
                i = blank(i, end < 0 ? n : end);
            } else if (c == '/' && next == '*') {
                int end = source.indexOf("*/", i + 2);
                i = blank(i, end < 0 ? n : end + 2);
            } else if (c == '\'' || c == '"') {
                i = quoted(i, c);
            } else if (c == '`') {
                i = template(i);
            } else if (c == '/' && regexMayStart(i)) {
                i = regex(i);
            } else {
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (inExpression && depth == 0) {
                        return i;
                    }
                    depth--;
                }
                i++;
            }
        }
        return i;
    }

    private int quoted(int start, char quote) {
        StringBuilder text = new StringBuilder();
        int i = start + 1;
        while (i < source.length() && source.charAt(i) != quote && source.charAt(i) != '\n') {
            if (source.charAt(i) == '\\' && i + 1 < source.length()) {
                text.append(source.charAt(i + 1));
                i += 2;
            } else {
                text.append(source.charAt(i++));
            }
        }
        literals.add(new Literal(text.toString(), start, Math.min(i + 1, source.length()), line(start)));
        return i + 1;
    }

    private int template(int start) {
        StringBuilder text = new StringBuilder();
        int i = start + 1;
        while (i < source.length() && source.charAt(i) != '`') {
            char c = source.charAt(i);
            if (c == '\\' && i + 1 < source.length()) {
                text.append(source.charAt(i + 1));
                i += 2;
            } else if (c == '$' && i + 1 < source.length() && source.charAt(i + 1) == '{') {
                text.append('\0');
                i = code(i + 2, true) + 1;
            } else {
                text.append(c);
                i++;
            }
        }
        literals.add(new Literal(text.toString(), start, Math.min(i + 1, source.length()), line(start)));
        return i + 1;
    }

    /** A slash starts a regular expression after an operator or a keyword, not after a value. */
    private boolean regexMayStart(int i) {
        int j = i - 1;
        while (j >= 0 && Character.isWhitespace(masked.charAt(j))) {
            j--;
        }
        if (j < 0 || BEFORE_REGEX.indexOf(masked.charAt(j)) >= 0) {
            return true;
        }
        int end = j + 1;
        while (j >= 0 && Character.isLetter(masked.charAt(j))) {
            j--;
        }
        return WORDS_BEFORE_REGEX.contains(masked.substring(j + 1, end));
    }

    private int regex(int start) {
        boolean inClass = false;
        int i = start + 1;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\n') {
                return start + 1; // not a regular expression after all: a division
            }
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                break;
            }
            i++;
        }
        i++;
        while (i < source.length() && Character.isLetter(source.charAt(i))) {
            i++;
        }
        return blank(start, Math.min(i, source.length()));
    }

    private int blank(int from, int to) {
        for (int i = from; i < to; i++) {
            if (masked.charAt(i) != '\n') {
                masked.setCharAt(i, ' ');
            }
        }
        return to;
    }

    private int line(int at) {
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
