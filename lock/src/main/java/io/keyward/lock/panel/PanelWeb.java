package io.keyward.lock.panel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lock's panel in the browser (an addition to the contract): {@code GET /panel} is the page,
 * {@code GET /panel/NAME} its static files, read from the class path next to this class
 * ({@code web/}). Names are flat and spelled plainly (letters, digits, '-', '_', one known
 * extension), so no path can step outside that folder: anything else is a 404.
 */
final class PanelWeb {

    /** Where the page's files answer; the page itself is at {@code /panel}. */
    static final String PREFIX = "/panel/";
    static final String PAGE = "index.html";
    /** Static files may be revalidated, never used unchecked: a newer lock build serves newer files. */
    static final String CACHE_CONTROL = "no-cache";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}\\.(html|css|js|png|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml");

    /** Read once: the files ship inside the jar and do not change while the lock runs. */
    private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();

    static boolean isFilePath(String path) {
        return path.startsWith(PREFIX);
    }

    PanelApi.Response page() {
        return file(PAGE);
    }

    /** path starts with {@link #PREFIX}. */
    PanelApi.Response fileAt(String path) {
        return file(path.substring(PREFIX.length()));
    }

    private PanelApi.Response file(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw BadRequest.notFound(PREFIX + name);
        }
        byte[] body = files.computeIfAbsent(name, PanelWeb::read)
                .orElseThrow(() -> BadRequest.notFound(PREFIX + name));
        return new PanelApi.Response(200, TYPES.get(m.group(1)), body, null, CACHE_CONTROL);
    }

    private static Optional<byte[]> read(String name) {
        try (InputStream in = PanelWeb.class.getResourceAsStream("web/" + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the panel's file " + name, e);
        }
    }
}
