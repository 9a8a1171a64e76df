package io.keyward.cloud.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No bare English in the web app's modules (issue 13 item 4): every word shown goes through t(key) and
 * the message tables, or the Chinese page would show English in the middle. The modules are read as
 * text: every string literal (quotes, and template literals with their ${...} read as code) that looks
 * like words (two words with a space between, or a capitalised word) fails, unless its place says it
 * is not shown: a key of t() or has(), an import, a comparison or case label, a property access, the
 * value of an attribute that is not shown (class, id, href, type ...: only title, placeholder,
 * aria-label, alt, label, hint, value and text are shown), the first argument of a DOM or path call
 * (querySelector, addEventListener, get, post ...), or a line marked {@code // words-lint: not shown}.
 * So every way dom.js builds elements is caught: a child of h(), text(), textContent, a field's or a
 * checkbox's label, a select's options, a shown attribute, app.say/fail/flash. A lower-case single word
 * ('on') is not caught: it cannot be told from a class or a code.
 */
class AppWordsLintTest {

    private static final Path APP = Path.of("src/main/resources/static/app");

    /**
     * Pages converted on their own branch (A2's, issue 13 item 4), exempt until it is merged: the merge
     * empties this list, and from then on they are read like every other module.
     */
    static final Set<String> NOT_YET_CONVERTED = Set.of();

    private static final String OPT_OUT = "// words-lint: not shown";

    private static final Pattern TWO_WORDS = Pattern.compile("[A-Za-z]{2,}[,.;:!?’']?[ \\u00a0]+[“\"(]?[A-Za-z]");
    private static final Pattern CAPITALISED = Pattern.compile("(?<![A-Za-z])[A-Z][a-z]{2,}");
    private static final Pattern NOT_WORDS = Pattern.compile("^(?:\\s*[/#.]|[a-z]+://|\\./)");

    private static final Set<String> SHOWN_ATTRIBUTES = Set.of("title", "placeholder", "aria-label", "alt", "label",
            "hint", "value", "text", "aria-description", "aria-valuetext");
    private static final Pattern KEY_CALL = Pattern.compile("\\b(?:t|has)\\(\\s*$");
    private static final Pattern MODULE = Pattern.compile("\\b(?:from|import)\\s*\\(?\\s*$");
    private static final Pattern COMPARED_BEFORE = Pattern.compile("(?:[=!]==?|\\bcase)\\s*$");
    private static final Pattern COMPARED_AFTER = Pattern.compile("^\\s*(?:[=!]==?|in\\b)");
    private static final Pattern OBJECT_KEY_BEFORE = Pattern.compile("[{,]\\s*$");
    private static final Pattern PROPERTY_ACCESS_BEFORE = Pattern.compile("[\\w$)\\]]\\s*\\[\\s*$");
    private static final Pattern PROPERTY_VALUE = Pattern.compile("[{,]\\s*(?:([A-Za-z_$][\\w$]*)|'([^']*)')\\s*:\\s*$");
    private static final Pattern QUIET_ASSIGNMENT = Pattern.compile(
            "\\.(?:className|id|type|href|hash|name|dataset\\.\\w+|style\\.\\w+)\\s*=\\s*$");
    private static final Pattern QUIET_CALL = Pattern.compile("(?:\\b(?:h|querySelector|querySelectorAll|getElementById"
            + "|addEventListener|removeEventListener|closest|matches|createElement|getItem|setItem|removeItem"
            + "|getAttribute|removeAttribute|hasAttribute|toggleAttribute|setAttribute|contains|add|remove|toggle"
            + "|escape|startsWith|endsWith|includes|split|join|replace|replaceAll|indexOf|get|post|put|del|request"
            + "|fetch|EventSource|DateTimeFormat|select|checkbox|refusalBox)\\(\\s*)$");
    private static final Pattern SET_ATTRIBUTE = Pattern.compile("\\.setAttribute\\(\\s*'([^']*)'\\s*,\\s*$");

    @Test
    @DisplayName("every word of the app's modules goes through t() (A2's pages exempt until their merge)")
    void noBareWords() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(APP)) {
            for (Path file : files.filter(AppWordsLintTest::linted).sorted().toList()) {
                String name = file.getFileName().toString();
                bareWords(Files.readString(file, StandardCharsets.UTF_8)).forEach(word -> found.add(name + ":" + word));
            }
        }
        assertThat(found).as("words shown without t() (add a key to messages-en.js and messages-zh.js)").isEmpty();
    }

    @Test
    @DisplayName("the exempt list names only modules that exist (an emptied list is the goal)")
    void exemptModulesExist() {
        assertThat(NOT_YET_CONVERTED).allMatch(name -> Files.exists(APP.resolve(name)));
    }

    @ParameterizedTest(name = "caught: {0}")
    @DisplayName("the ways dom.js builds elements are all caught")
    @ValueSource(strings = {
        "h('p', {}, 'Hello world')",
        "el('p', 'Hello world')",
        "h('button', { type: 'button' }, 'Save')",
        "text(status, 'Not saved');",
        "box.textContent = 'Waiting for the lock';",
        "h('input', { placeholder: 'Front door' })",
        "h('a', { title: 'Open it' })",
        "h('nav', { 'aria-label': 'Breadcrumb' })",
        "element.setAttribute('aria-label', `Alerts, ${n} unread`);",
        "app.say(`Lock added: ${name}.`);",
        "app.fail(e, 'Could not sign in');",
        "field('Display name', input)",
        "checkbox('x', 'Remember me', true)",
        "select('role', [['MEMBER', 'Member']], 'MEMBER')",
        "const x = ok ? t('a.b') : 'Try again';",
        "const x = ok ? 'Try again' : t('a.b');",
        "h('p', {}, `${count} ${ok ? 'changes waiting' : ''}`)",
        "document.title = `${name} · Keyward`;",
    })
    void caught(String line) {
        assertThat(bareWords(line)).as(line).isNotEmpty();
    }

    @ParameterizedTest(name = "not words: {0}")
    @DisplayName("what is not shown is not taken for words")
    @ValueSource(strings = {
        "h('p', { class: 'hint center' }, t('lock.unlockHint'))",
        "import { ApiError, get } from './api.js';",
        "if (e.name === 'AbortError') {}",
        "headers['X-Keyward'] = '1';",
        "const headers = { 'Content-Type': 'application/json' };",
        "if ('BarcodeDetector' in window) {}",
        "element.className = 'inline-status wait';",
        "case 'ADD_USER': return x;",
        "const s = `#/lock/${id}/users`;",
        "// a comment with 'Quoted words' in it",
        "/* Block 'Quoted words' */",
        "const re = /'Quoted words'/;",
        "throw new Error('a programming error'); " + OPT_OUT,
    })
    void notWords(String line) {
        assertThat(bareWords(line)).as(line).isEmpty();
    }

    private static boolean linted(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".js") && !name.startsWith("messages-") && !NOT_YET_CONVERTED.contains(name);
    }

    /** The literals of source that look like words in a place where they are shown, as "line: text". */
    static List<String> bareWords(String source) {
        List<String> found = new ArrayList<>();
        JsLiterals scan = new JsLiterals(source);
        for (JsLiterals.Literal literal : scan.literals()) {
            if (looksLikeWords(literal.text()) && shown(scan.masked(), source, literal)) {
                found.add(literal.line() + ": " + literal.text().replace('\0', '…'));
            }
        }
        return found;
    }

    private static boolean looksLikeWords(String text) {
        return !NOT_WORDS.matcher(text).find() && (TWO_WORDS.matcher(text).find() || CAPITALISED.matcher(text).find());
    }

    private static boolean shown(String masked, String source, JsLiterals.Literal literal) {
        String before = masked.substring(Math.max(0, literal.start() - 200), literal.start());
        String after = masked.substring(literal.end(), Math.min(masked.length(), literal.end() + 20));
        if (lineOf(source, literal.start()).contains(OPT_OUT) || KEY_CALL.matcher(before).find()
                || MODULE.matcher(before).find() || COMPARED_BEFORE.matcher(before).find()
                || COMPARED_AFTER.matcher(after).find() || QUIET_ASSIGNMENT.matcher(before).find()
                || QUIET_CALL.matcher(before).find()) {
            return false;
        }
        if (PROPERTY_ACCESS_BEFORE.matcher(before).find() && after.stripLeading().startsWith("]")
                || OBJECT_KEY_BEFORE.matcher(before).find() && after.stripLeading().startsWith(":")) {
            return false; // headers['Content-Type'], { 'Content-Type': ... }
        }
        Matcher attribute = SET_ATTRIBUTE.matcher(source.substring(Math.max(0, literal.start() - 200), literal.start()));
        if (attribute.find()) {
            return SHOWN_ATTRIBUTES.contains(attribute.group(1));
        }
        Matcher property = PROPERTY_VALUE.matcher(before);
        if (property.find()) {
            String key = property.group(1) != null ? property.group(1) : property.group(2);
            return SHOWN_ATTRIBUTES.contains(key);
        }
        return true;
    }

    private static String lineOf(String source, int at) {
        int from = source.lastIndexOf('\n', at - 1) + 1;
        int to = source.indexOf('\n', at);
        return source.substring(from, to < 0 ? source.length() : to);
    }
}
