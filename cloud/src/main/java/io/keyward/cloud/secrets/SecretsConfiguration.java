package io.keyward.cloud.secrets;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Secrets at rest (issue 10 item 5, docs/security.md): the keys from {@code KEYWARD_SECRETS_KEY} or
 * {@code keyward.secrets.key-file} (default {@code <data-dir>/cloud/secrets.key}), the box that seals
 * with them, and the data folders made owner-only once the database and broker have made their files.
 */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    private final Path dataDir;

    SecretsConfiguration(@Value("${keyward.data-dir:data}") String dataDir) {
        this.dataDir = Path.of(dataDir).toAbsolutePath().normalize();
    }

    @Bean
    SecretsKeys secretsKeys(@Value("${KEYWARD_SECRETS_KEY:}") String fromEnvironment,
                            @Value("${keyward.secrets.key-file:}") String keyFile) {
        Path file = keyFile.isBlank() ? dataDir.resolve("cloud").resolve("secrets.key") : Path.of(keyFile);
        return SecretsKeys.load(fromEnvironment, file);
    }

    @Bean
    SecretBox secretBox(SecretsKeys keys) {
        return new SecretBox(keys);
    }

    /** The H2 files and the embedded broker's files exist now: owner-only, as the folders. */
    @EventListener
    void secureDataFolders(ApplicationReadyEvent ready) {
        for (String name : new String[] {"cloud", "broker"}) {
            Path folder = dataDir.resolve(name);
            if (folder.toFile().isDirectory()) {
                DataDirectories.secureDirectory(folder);
            }
        }
    }
}
