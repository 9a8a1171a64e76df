package io.keyward.cloud;

import java.nio.file.Path;

import io.keyward.cloud.secrets.DataDirectories;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Supplies {@code keyward.h2-url}, the embedded database that application.properties falls back to
 * when no {@code KEYWARD_DB_URL} is given: an H2 file at {@code ${keyward.data-dir}/cloud/keyward}.
 * The path is made absolute because H2 refuses a relative file path without a leading "./", and
 * {@code keyward.data-dir} may be given either way. It is worked out when first asked for, not here,
 * so that property sources added after this runs (command line, test initializers) are seen.
 */
final class DefaultDatabase implements EnvironmentPostProcessor {

    static final String PROPERTY = "keyward.h2-url";
    /**
     * DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the database while Spring's hook is
     * still stopping the link that writes to it ("Database is already closed", issue 10 finding 6); the
     * database closes instead when the connection pool closes, after every lifecycle has stopped.
     * TRACE_LEVEL_FILE=0: no keyward.trace.db beside the data (errors reach the log anyway); H2 would make it
     * long after start, outside the owner-only set-up of the folder's files (issue 10 item 5).
     */
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE"
            + ";TRACE_LEVEL_FILE=0"
            // each connection keeps this many parsed statements (H2's default of 8 is fewer than the
            // statements one remote unlock runs, so every request parsed its SQL again: issue 11)
            + ";QUERY_CACHE_SIZE=64";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // added last: lowest precedence, so an explicit keyward.h2-url still wins
        // The source must not be the environment itself: Boot walks an environment source's own
        // property sources, this one among them, without end.
        environment.getPropertySources().addLast(new PropertySource<>("keyward-default-database", PROPERTY) {
            @Override
            public Object getProperty(String name) {
                return PROPERTY.equals(name) ? h2Url(environment) : null;
            }
        });
    }

    private static String h2Url(ConfigurableEnvironment environment) {
        Path dataDir = Path.of(environment.getProperty("keyward.data-dir", "data"));
        Path file = dataDir.resolve("cloud").resolve("keyward").toAbsolutePath().normalize();
        // the folder owner-only before H2 makes its file in it (issue 10 item 5)
        DataDirectories.secureDirectory(file.getParent());
        return "jdbc:h2:file:" + file + H2_OPTIONS;
    }
}
