package io.keyward.cloud.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one table of refusal words covers every code the lock's sources can refuse a command with. */
class RefusalReasonsTest {

    /** CommandReply.refused("CODE", ...) in the lock's sources. */
    private static final Pattern REFUSED = Pattern.compile("CommandReply\\.refused\\(\"([A-Z_]+)\"");

    @Test
    @DisplayName("issue 12: every refusal code of the lock's CommandReply.refused has plain words in RefusalReasons")
    void everyLockRefusalHasWords() throws IOException {
        Set<String> codes = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("..", "lock", "src", "main", "java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = REFUSED.matcher(Files.readString(source));
                while (m.find()) {
                    codes.add(m.group(1));
                }
            }
        }
        codes.remove("NO_REPLY"); // the simulator's own "no answer", never sent on the link
        assertThat(codes).as("codes found in the lock's sources").contains("USER_FULL", "BAD_VALUE", "LAST_ADMINISTRATOR");
        assertThat(RefusalReasons.WORDS.keySet()).containsAll(codes);
    }

    @Test
    @DisplayName("SPEC A2 B11: every passcode refusal of ADD_USER (PASSCODE_ + the rule) has plain words")
    void everyPasscodeRefusalHasWords() {
        for (io.keyward.lock.core.PasscodeRules.Violation v : io.keyward.lock.core.PasscodeRules.Violation.values()) {
            assertThat(RefusalReasons.WORDS).containsKey("PASSCODE_" + v.name());
        }
    }

    @Test
    @DisplayName("issue 12: a code missing from the table (a newer lock's) is shown readably, never dropped")
    void unknownCodeReadable() {
        assertThat(RefusalReasons.words("DOOR_ON_FIRE")).isEqualTo("door on fire");
        assertThat(RefusalReasons.words(null)).isEqualTo("the lock refused");
        assertThat(RefusalReasons.words("USER_FULL")).isEqualTo(RefusalReasons.WORDS.get("USER_FULL"));
    }
}
