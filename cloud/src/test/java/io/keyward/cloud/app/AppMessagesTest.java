package io.keyward.cloud.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The app's message tables (static/app/messages-*.js, read by i18n.js) against the words the app asks
 * for: a key the app uses that English lacks would show as the key itself, and a language that lacks
 * a key English has would fall back to English in the middle of a page. Both fail the build, as a
 * missing voice prompt does for the lock. Keys are read from the sources' text: {@code t('key'} with
 * a literal key; a key built at run time must be listed in the table under a literal prefix the
 * sources name in a comment {@code // keys: prefix.*}.
 */
class AppMessagesTest {

    private static final Path APP = Path.of("src/main/resources/static/app");
    private static final Pattern USE = Pattern.compile("\\bt\\(\\s*'([^']+)'");
    private static final Pattern PREFIX = Pattern.compile("//\\s*keys:\\s*([\\w.-]+)\\.\\*");
    private static final Pattern ENTRY = Pattern.compile("^\\s*'([^']+)'\\s*:", Pattern.MULTILINE);
    private static final Pattern ENTRY_VALUE = Pattern.compile("^\\s*'([^']+)'\\s*:\\s*'((?:[^'\\\\\\n]|\\\\.)*)'", Pattern.MULTILINE);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)\\}");

    private static Map<String, Set<String>> tables;
    private static Set<String> used;
    private static Set<String> prefixes;

    @BeforeAll
    static void read() throws IOException {
        tables = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(APP)) {
            for (Path file : files.filter(AppMessagesTest::isTable).sorted().toList()) {
                String name = file.getFileName().toString().replace("messages-", "").replace(".js", "");
                tables.put(name, matches(ENTRY, Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        used = new TreeSet<>();
        prefixes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(APP)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js") && !isTable(f)).toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                used.addAll(matches(USE, source));
                prefixes.addAll(matches(PREFIX, source));
            }
        }
    }

    @Test
    @DisplayName("the app has an English table, and every key the app uses is in it")
    void everyUsedKeyIsInEnglish() {
        assertThat(tables).containsKey("en");
        assertThat(used).as("keys used by static/app/*.js").isNotEmpty();
        assertThat(tables.get("en")).containsAll(used);
    }

    @Test
    @DisplayName("every language has exactly English's keys: none missing, none left over")
    void everyLanguageHasEveryKey() {
        Set<String> english = tables.get("en");
        tables.forEach((language, keys) -> assertThat(keys).as("keys of messages-%s.js", language)
                .containsExactlyInAnyOrderElementsOf(english));
    }

    @Test
    @DisplayName("every English key is used by the app, literally or under a declared prefix")
    void noKeyIsLeftOver() {
        Set<String> unused = new TreeSet<>(tables.get("en"));
        unused.removeAll(used);
        unused.removeIf(key -> prefixes.stream().anyMatch(prefix -> key.startsWith(prefix + ".")));
        assertThat(unused).as("keys in messages-en.js that no t('...') or // keys: prefix.* names").isEmpty();
    }

    @Test
    @DisplayName("a table key is written once (a second entry would silently win)")
    void noKeyTwice() throws IOException {
        try (Stream<Path> files = Files.list(APP)) {
            for (Path file : files.filter(AppMessagesTest::isTable).toList()) {
                Matcher m = ENTRY.matcher(Files.readString(file, StandardCharsets.UTF_8));
                Set<String> seen = new TreeSet<>();
                while (m.find()) {
                    assertThat(seen.add(m.group(1))).as("%s has '%s' once", file.getFileName(), m.group(1)).isTrue();
                }
            }
        }
    }

    @Test
    @DisplayName("a language fills only the placeholders English has (another would show as {name} on the page)")
    void placeholdersAreEnglishs() throws IOException {
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(APP)) {
            for (Path file : files.filter(AppMessagesTest::isTable).sorted().toList()) {
                Map<String, String> table = new LinkedHashMap<>();
                Matcher m = ENTRY_VALUE.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    table.put(m.group(1), m.group(2));
                }
                values.put(file.getFileName().toString(), table);
            }
        }
        Map<String, String> english = values.get("messages-en.js");
        assertThat(english).as("values read from messages-en.js").hasSameSizeAs(tables.get("en"));
        values.forEach((file, table) -> table.forEach((key, text) -> assertThat(english.containsKey(key)
                ? matches(PLACEHOLDER, english.get(key)) : Set.of())
                .as("%s: '%s' fills %s", file, key, matches(PLACEHOLDER, text))
                .containsAll(matches(PLACEHOLDER, text))));
    }

    private static boolean isTable(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith("messages-") && name.endsWith(".js");
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
