package io.keyward.cloud.secrets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import io.keyward.cloud.KeywardCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10 item 5: the secrets key. The first start makes the key file 0600 and seals with it; a plain
 * row from before encryption is sealed on the next start; a rotated key (a new first line) re-seals
 * every row so the old line can go; a wrong key file stops the start with a message that says so; a
 * sealed value moved to another row does not open.
 */
class SecretsAtRestTest {

    @TempDir
    Path data;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(KeywardCloud.class).run("--keyward.data-dir=" + data, "--server.port=0",
                "--keyward.broker.port=0", "--spring.main.banner-mode=off");
    }

    private Path keyFile() {
        return data.resolve("cloud").resolve("secrets.key");
    }

    @Test
    void finding11_keyFileMadeOwnerOnlyAndPlainRowsSealedRotatedAndWrongKeyRefused() throws Exception {
        String sealedFirst;
        try (ConfigurableApplicationContext cloud = start()) {
            JdbcClient jdbc = cloud.getBean(JdbcClient.class);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("cloud")))).isEqualTo("rwx------");
            sealedFirst = privateKey(jdbc);
            assertThat(sealedFirst).startsWith("kws1:k1:");
            // as a database from before encryption would hold it: the key in plain text
            String plain = cloud.getBean(SecretBox.class).open(sealedFirst, RowIdentity.signingKey("commands"));
            jdbc.sql("update signing_keys set private_key = :plain where name = 'commands'").param("plain", plain).update();
        }
        // rotation: a new key first, the old one kept to read
        List<String> old = Files.readAllLines(keyFile());
        Files.write(keyFile(), List.of(SecretsKeys.newKeyLine("k2"), old.get(0)));
        String resealed;
        try (ConfigurableApplicationContext cloud = start()) {
            resealed = privateKey(cloud.getBean(JdbcClient.class));
        }
        assertThat(resealed).as("plain row sealed under the new key").startsWith("kws1:k2:");
        // the old key is no longer needed after one start: the new line alone opens the row
        String newLine = Files.readAllLines(keyFile()).get(0);
        SecretBox newOnly = new SecretBox(SecretsKeys.parse(List.of(newLine), "test"));
        assertThat(newOnly.open(resealed, RowIdentity.signingKey("commands"))).isNotBlank();
        // a key file without the key the rows were sealed with
        SecretBox other = new SecretBox(SecretsKeys.parse(List.of(SecretsKeys.newKeyLine("k3")), "test"));
        assertThatThrownBy(() -> other.open(resealed, RowIdentity.signingKey("commands"))).hasMessageContaining("sealed with key id 'k2'");
        // a wrong key under the same id: the start is refused, saying why
        Files.writeString(keyFile(), SecretsKeys.newKeyLine("k2") + "\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(this::start).hasStackTraceContaining("does not open the stored secret signing_keys/commands/private_key");
        System.out.println("secrets at rest: 3 starts (made; plain row upgraded and rotated; wrong key refused)");
    }

    @Test
    void finding11_sealedValueOpensOnlyInItsOwnRow() {
        SecretBox box = new SecretBox(SecretsKeys.parse(List.of(SecretsKeys.newKeyLine("k1")), "test"));
        String sealed = box.seal("visitor-secret-of-A", RowIdentity.visitorSecret("KW-A"));
        assertThat(sealed).doesNotContain("visitor-secret-of-A");
        assertThat(box.open(sealed, RowIdentity.visitorSecret("KW-A"))).isEqualTo("visitor-secret-of-A");
        assertThatThrownBy(() -> box.open(sealed, RowIdentity.visitorSecret("KW-B")))
                .isInstanceOf(SecretBox.WrongSecretsKey.class).hasMessageContaining("locks/KW-B/visitor_secret");
        assertThatThrownBy(() -> SecretsKeys.parse(List.of("k1:short"), "KEYWARD_SECRETS_KEY"))
                .hasMessageContaining("KEYWARD_SECRETS_KEY").hasMessageNotContaining("short");
    }

    private static String privateKey(JdbcClient jdbc) {
        return jdbc.sql("select private_key from signing_keys where name = 'commands'").query(String.class).single();
    }
}
