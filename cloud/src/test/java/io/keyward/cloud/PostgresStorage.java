package io.keyward.cloud;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs a {@link CloudTest} on the PostgreSQL server at 127.0.0.1:5432 (database {@code test}, user
 * {@code postgres}; override with KEYWARD_TEST_PG_URL, KEYWARD_TEST_PG_USER, KEYWARD_TEST_PG_PASSWORD),
 * in a schema of its own ({@code kw_<random>}) created on first use and dropped when the JVM exits:
 * concurrent runs on one server do not see each other, and all PostgreSQL test classes of a run share
 * one schema and therefore one Spring context.
 * <p>
 * An unreachable server skips these tests with a message, except under {@code CI=true}, where it
 * fails them: CI must not pass without having run the PostgreSQL pass.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PostgresStorage.Required.class)
@ContextConfiguration(initializers = PostgresStorage.Initializer.class)
public @interface PostgresStorage {

    String URL = Schema.env("KEYWARD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    String USER = Schema.env("KEYWARD_TEST_PG_USER", "postgres");
    String PASSWORD = Schema.env("KEYWARD_TEST_PG_PASSWORD", "");

    final class Required implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String problem = Schema.problem();
            if (problem == null) {
                return ConditionEvaluationResult.enabled("PostgreSQL reachable at " + URL);
            }
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true and PostgreSQL is unreachable at " + URL + " as " + USER + ": " + problem);
            }
            return ConditionEvaluationResult.disabled("PostgreSQL unreachable at " + URL + " as " + USER
                    + " (" + problem + "); skipped outside CI");
        }
    }

    final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            String separator = URL.contains("?") ? "&" : "?";
            TestPropertyValues.of(
                    "spring.datasource.url=" + URL + separator + "currentSchema=" + Schema.name(),
                    "spring.datasource.username=" + USER,
                    "spring.datasource.password=" + PASSWORD).applyTo(context);
        }
    }

    /** The run's schema, created once, on first use. */
    final class Schema {
        /** Named with its creation time, so that a later run can drop what a killed run left behind. */
        private static final String NAME = "kw_" + Instant.now().getEpochSecond() + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        private static String problem;
        private static boolean created;

        private Schema() {
        }

        static synchronized String problem() {
            if (!created && problem == null) {
                create();
            }
            return problem;
        }

        static String name() {
            if (problem() != null) {
                throw new IllegalStateException("PostgreSQL unavailable: " + problem);
            }
            return NAME;
        }

        static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }

        private static void create() {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                dropLeftovers(statement);
                statement.execute("create schema " + NAME);
                created = true;
                Runtime.getRuntime().addShutdownHook(new Thread(Schema::drop, "drop-" + NAME));
            } catch (SQLException e) {
                problem = e.getMessage();
            }
        }

        /** Schemas of runs that started over a day ago and were killed before their shutdown hook ran. */
        private static void dropLeftovers(Statement statement) throws SQLException {
            long dayAgo = Instant.now().minus(Duration.ofDays(1)).getEpochSecond();
            List<String> old = new ArrayList<>();
            try (ResultSet names = statement.executeQuery(
                    "select nspname from pg_namespace where nspname ~ '^kw_[0-9]+_[0-9a-f]{8}$'")) {
                while (names.next()) {
                    String name = names.getString(1);
                    if (Long.parseLong(name.split("_")[1]) < dayAgo) {
                        old.add(name);
                    }
                }
            }
            for (String name : old) {
                statement.execute("drop schema if exists " + name + " cascade");
            }
        }

        private static void drop() {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("drop schema if exists " + NAME + " cascade");
            } catch (SQLException e) {
                System.err.println("could not drop test schema " + NAME + ": " + e.getMessage());
            }
        }

        private static Connection connect() throws SQLException {
            Properties properties = new Properties();
            properties.setProperty("user", USER);
            properties.setProperty("password", PASSWORD);
            properties.setProperty("connectTimeout", "5");
            return DriverManager.getConnection(URL, properties);
        }
    }
}
