package io.keyward.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/rules.md is the project's own statement of the rules its code and tests cite ({@code SPEC C3}):
 * every id cited anywhere in the repository must be defined there, so that someone who clones Keyward
 * can read what each test proves.
 */
class RulesDocumentTest {

    /** "SPEC C3", "SPEC C5, E3", "(SPEC D1 and E4)", "SPEC B3/B4". */
    private static final Pattern CITATION = Pattern.compile(
            "SPEC\\s+([A-HT]\\d{1,2}(?:\\s*(?:,|/|and|&)\\s*[A-HT]\\d{1,2})*)");
    private static final Pattern ID = Pattern.compile("[A-HT]\\d{1,2}");
    /** A definition is a list item that starts with the id in bold: "- **C3 Passcode ...". */
    private static final Pattern DEFINITION = Pattern.compile("^- \\*\\*([A-HT]\\d{1,2})\\b(.*)$", Pattern.MULTILINE);
    private static final Set<String> SCANNED = Set.of("java", "js", "md", "html", "css", "sql", "properties", "xml", "sh");
    private static final Set<String> SKIPPED_DIRS = Set.of("target", "node_modules", ".git", "data", "screenshots");

    private static final Path ROOT = repositoryRoot();

    @Test
    void everyCitedRuleIsDefinedInDocsRules() throws IOException {
        Set<String> defined = defined(Files.readString(ROOT.resolve("docs/rules.md")));
        Map<String, Set<String>> cited = citedIn(ROOT);
        Map<String, Set<String>> undefined = new TreeMap<>(cited);
        undefined.keySet().removeAll(defined);
        System.out.println("rules: " + defined.size() + " defined in docs/rules.md, " + cited.size() + " cited");
        assertThat(cited).as("citations found (is the scan looking at the repository?)").hasSizeGreaterThan(30);
        assertThat(undefined).as("ids cited (with the files citing them) but not defined in docs/rules.md").isEmpty();
    }

    @Test
    void everyDefinitionSaysSomething() throws IOException {
        Matcher m = DEFINITION.matcher(Files.readString(ROOT.resolve("docs/rules.md")));
        while (m.find()) {
            assertThat(m.group(2).strip()).as("the text of rule %s", m.group(1)).hasSizeGreaterThan(10);
        }
    }

    @Test
    void theScanFindsListsOfIdsAndRefusesUnknownOnes() {
        assertThat(ids("see SPEC C5, E3 and (SPEC D1 and E4), SPEC B3/B4; not A9 alone"))
                .containsExactly("B3", "B4", "C5", "D1", "E3", "E4");
        Set<String> defined = defined("- **C3 Passcode** with anti-peeping\n- **C4 Mechanical key** always opens\n");
        assertThat(defined).containsExactly("C3", "C4");
        // split so that this file does not itself cite an undefined id
        Set<String> cited = ids("SPEC C3 and " + "SPEC" + " C12");
        cited.removeAll(defined);
        assertThat(cited).containsExactly("C12");
    }

    private static Set<String> defined(String rules) {
        Set<String> ids = new TreeSet<>();
        Matcher m = DEFINITION.matcher(rules);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static Set<String> ids(String text) {
        Set<String> ids = new TreeSet<>();
        Matcher citation = CITATION.matcher(text);
        while (citation.find()) {
            Matcher id = ID.matcher(citation.group(1));
            while (id.find()) {
                ids.add(id.group());
            }
        }
        return ids;
    }

    /** id -> the files that cite it. */
    private static Map<String, Set<String>> citedIn(Path root) throws IOException {
        Map<String, Set<String>> cited = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(RulesDocumentTest::scanned).forEach(file -> {
                for (String id : ids(read(file))) {
                    cited.computeIfAbsent(id, k -> new TreeSet<>()).add(root.relativize(file).toString());
                }
            });
        }
        return cited;
    }

    private static boolean scanned(Path file) {
        for (Path part : file) {
            if (SKIPPED_DIRS.contains(part.toString())) {
                return false;
            }
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return Files.isRegularFile(file) && dot > 0 && SCANNED.contains(name.substring(dot + 1));
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The module runs in protocol/; the repository root is the folder that holds docs/rules.md. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/rules.md")) && Files.isRegularFile(dir.resolve("keyward"))) {
                return dir;
            }
        }
        throw new IllegalStateException("docs/rules.md not found above " + Path.of("").toAbsolutePath());
    }
}
