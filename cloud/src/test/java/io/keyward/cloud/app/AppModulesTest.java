package io.keyward.cloud.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The web app's ES modules (static/app/*.js, as the cloud serves them) form a one-way graph (issue 16
 * item 4): main.js is the entry (routes, start-up) and nothing imports it; views and common.js reach the
 * shared state through session.js; no module imports another in a circle, static or dynamic import.
 * Without a bundler nothing else would notice a cycle: the browser runs it, and a view then sees an
 * import that is not yet initialised (the reason routes were once wrapped in thunks).
 */
class AppModulesTest {

    private static final String ENTRY = "main.js";

    /** import ... from './x.js' and export ... from './x.js', over several lines. */
    private static final Pattern FROM =
            Pattern.compile("(?m)^\\s*(?:import|export)\\b[^;'\"`]*?\\bfrom\\s*(['\"])(.*?)\\1");
    /** import './x.js' (for its side effects only). */
    private static final Pattern BARE = Pattern.compile("(?m)^\\s*import\\s*(['\"])(.*?)\\1");
    /** import(...) anywhere; its argument must be a literal to be checked. */
    private static final Pattern DYNAMIC = Pattern.compile("\\bimport\\s*\\(");
    private static final Pattern DYNAMIC_LITERAL = Pattern.compile("\\bimport\\s*\\(\\s*(['\"])([^'\"`]*)\\1\\s*\\)");
    /** The only form of specifier the app uses: a sibling module. */
    private static final Pattern SIBLING = Pattern.compile("\\./([A-Za-z0-9_-]+\\.js)");

    private static Map<String, Set<String>> graph;
    private static Map<String, String> sources;

    /** The local names an import statement binds: {@code { a, b as c }}, {@code * as d}, a default {@code e}. */
    private static final Pattern BINDINGS = Pattern.compile(
            "^import\\s+(?:(\\w+)\\s*,?\\s*)?(?:\\{([^}]*)\\}|\\*\\s+as\\s+(\\w+))?\\s*from\\s", Pattern.MULTILINE);

    @BeforeAll
    static void read() throws IOException, URISyntaxException {
        URL url = AppModulesTest.class.getResource("/static/app/" + ENTRY);
        assertThat(url).as("static/app/%s on the classpath", ENTRY).isNotNull();
        Path dir = Path.of(url.toURI()).getParent();
        sources = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".js")).toList()) {
                sources.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        graph = imports(sources);
    }

    @Test
    @DisplayName("no module imports main.js, the entry")
    void nothingImportsTheEntry() {
        List<String> importers = graph.entrySet().stream()
                .filter(e -> e.getValue().contains(ENTRY)).map(Map.Entry::getKey).toList();
        assertThat(importers).as("modules that import %s (move what they need to session.js)", ENTRY).isEmpty();
    }

    @Test
    @DisplayName("no module binds a name twice in its imports (a doubled import, as a merge can leave, is a SyntaxError that blanks the page)")
    void noNameImportedTwice() {
        sources.forEach((name, source) -> {
            List<String> bound = new ArrayList<>();
            Matcher m = BINDINGS.matcher(source);
            while (m.find()) {
                if (m.group(1) != null) {
                    bound.add(m.group(1));
                }
                if (m.group(2) != null) {
                    for (String part : m.group(2).split(",")) {
                        String local = part.trim().replaceAll(".*\\s+as\\s+", "").trim();
                        if (!local.isEmpty()) {
                            bound.add(local);
                        }
                    }
                }
                if (m.group(3) != null) {
                    bound.add(m.group(3));
                }
            }
            assertThat(bound).as("%s: names its imports bind", name).doesNotHaveDuplicates();
        });
    }

    @Test
    @DisplayName("the modules form a one-way graph: no cycle")
    void noCycle() {
        assertThat(cycles(graph)).as("import cycles among static/app/*.js").isEmpty();
    }

    @Test
    @DisplayName("every module is reached from main.js, so every import was read (a missed one leaves its module out)")
    void everyModuleIsReachedFromTheEntry() {
        assertThat(graph.get(ENTRY)).as("%s imports session.js and the views", ENTRY)
                .contains("session.js", "view-account.js", "view-locks.js");
        assertThat(reachable(graph, ENTRY)).containsExactlyInAnyOrderElementsOf(graph.keySet());
    }

    @Test
    @DisplayName("the check itself finds a cycle through a dynamic import and prints it")
    void theCheckFindsACycle() {
        Map<String, Set<String>> circular = imports(Map.of(
                "a.js", "import { b } from './b.js';\n",
                "b.js", "import {\n  c,\n} from './c.js';\n",
                "c.js", "export async function later() {\n  return import('./a.js');\n}\n"));
        assertThat(cycles(circular)).containsExactly("a.js -> b.js -> c.js -> a.js");
    }

    /** Each module's sibling imports; any other specifier, or a dynamic import of no literal, fails. */
    private static Map<String, Set<String>> imports(Map<String, String> sources) {
        Map<String, Set<String>> edges = new TreeMap<>();
        for (Map.Entry<String, String> module : sources.entrySet()) {
            String name = module.getKey();
            String source = module.getValue();
            List<String> specifiers = new ArrayList<>();
            specifiers.addAll(groups(FROM, source));
            specifiers.addAll(groups(BARE, source));
            List<String> dynamic = groups(DYNAMIC_LITERAL, source);
            assertThat(dynamic).as("%s: every import(...) names a module literally", name)
                    .hasSize((int) DYNAMIC.matcher(source).results().count());
            specifiers.addAll(dynamic);
            Set<String> targets = new TreeSet<>();
            for (String specifier : specifiers) {
                Matcher sibling = SIBLING.matcher(specifier);
                assertThat(sibling.matches()).as("%s imports '%s': only './name.js' is used", name, specifier).isTrue();
                assertThat(sources).as("%s imports '%s'", name, specifier).containsKey(sibling.group(1));
                targets.add(sibling.group(1));
            }
            edges.put(name, targets);
        }
        return edges;
    }

    private static List<String> groups(Pattern pattern, String source) {
        return pattern.matcher(source).results().map(r -> r.group(2)).toList();
    }

    /** Every cycle a depth-first walk closes, as "a.js -> b.js -> a.js". */
    private static Set<String> cycles(Map<String, Set<String>> edges) {
        Set<String> found = new LinkedHashSet<>();
        Set<String> done = new TreeSet<>();
        for (String start : edges.keySet()) {
            walk(start, edges, new ArrayDeque<>(), done, found);
        }
        return found;
    }

    private static void walk(String module, Map<String, Set<String>> edges, Deque<String> path, Set<String> done,
            Set<String> found) {
        if (path.contains(module)) {
            List<String> cycle = new ArrayList<>(path); // the deque's head is the latest module
            Collections.reverse(cycle);
            cycle = new ArrayList<>(cycle.subList(cycle.indexOf(module), cycle.size()));
            cycle.add(module);
            found.add(String.join(" -> ", cycle));
            return;
        }
        if (!done.add(module)) {
            return;
        }
        path.push(module);
        for (String next : edges.getOrDefault(module, Set.of())) {
            walk(next, edges, path, done, found);
        }
        path.pop();
    }

    private static Set<String> reachable(Map<String, Set<String>> edges, String from) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            String module = todo.pop();
            if (seen.add(module)) {
                todo.addAll(edges.getOrDefault(module, Set.of()));
            }
        }
        return seen;
    }
}
