package io.keyward.cloud;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.UUID;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs a {@link CloudTest} on the default storage: an H2 file under {@code keyward.data-dir}, here a
 * directory of its own under target/ for each test run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ContextConfiguration(initializers = H2Storage.Initializer.class)
public @interface H2Storage {

    final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        static final Path DATA_DIR = Path.of("target", "test-data", "run-" + UUID.randomUUID()).toAbsolutePath();

        /** The data directory of this test run (the threat tests check its files' modes). */
        public static Path dataDir() {
            return DATA_DIR;
        }

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("keyward.data-dir=" + DATA_DIR).applyTo(context);
        }
    }
}
