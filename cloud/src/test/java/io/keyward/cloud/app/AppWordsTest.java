package io.keyward.cloud.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.event.AlarmKind;
import io.keyward.protocol.event.EventKind;
import io.keyward.protocol.event.UnlockMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The app's word lists (static/app/words.js, as the cloud serves it) against the protocol's vocabulary
 * (io.keyward.protocol.event): a kind, method, alarm or lock-user role without a word would be shown as
 * raw code or, for kinds, be missing from All Events' filter (issue 16: VISITOR_CODE_REVOKED and
 * BLUETOOTH_KEY_REVOKED once were); a word for a code the protocol does not have is a typo or a leftover.
 * The lists are read from the file's text, strictly: a list that cannot be found fails the test.
 */
class AppWordsTest {

    private static String words;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = AppWordsTest.class.getResourceAsStream("/static/app/words.js")) {
            assertThat(in).as("static/app/words.js on the classpath").isNotNull();
            words = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    @DisplayName("H5 All Events can filter by every event kind, and offers no kind that does not exist")
    void everyEventKindHasAWord() {
        assertThat(codes(block("export const EVENT_KINDS = [", "];"), "\\[\\s*'([A-Z_]+)'\\s*,"))
                .containsExactlyInAnyOrderElementsOf(names(EventKind.values()));
    }

    @Test
    @DisplayName("C9 every unlock method has a word, and no word names a method that does not exist")
    void everyMethodHasAWord() {
        assertThat(codes(block("const METHODS = {", "};"), "\\b([A-Z_]+)\\s*:"))
                .containsExactlyInAnyOrderElementsOf(names(UnlockMethod.values()));
    }

    @Test
    @DisplayName("H4 every alarm has a word; the only other alert word is the doorbell's (D8)")
    void everyAlarmHasAWord() {
        Set<String> alertKinds = new LinkedHashSet<>(names(AlarmKind.values()));
        alertKinds.add(EventKind.DOORBELL.name());
        assertThat(codes(block("const ALARMS = {", "};"), "\\b([A-Z_]+)\\s*:"))
                .containsExactlyInAnyOrderElementsOf(alertKinds);
    }

    @Test
    @DisplayName("H4 every alert the cloud raises itself (AccountAlerts) has a word, and no other")
    void everyCloudAlertHasAWord() throws IllegalAccessException {
        Set<String> kinds = new LinkedHashSet<>();
        for (java.lang.reflect.Field field : io.keyward.cloud.alerts.AccountAlerts.class.getFields()) {
            if (java.lang.reflect.Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                kinds.add((String) field.get(null));
            }
        }
        assertThat(kinds).isNotEmpty();
        assertThat(codes(block("const CLOUD_ALERTS = {", "};"), "\\b([A-Z_]+)\\s*:"))
                .containsExactlyInAnyOrderElementsOf(kinds);
    }

    @Test
    @DisplayName("B1 both lock-user roles have a word")
    void everyLockUserRoleHasAWord() {
        assertThat(codes(block("export const lockRole = (code) => ({", "}"), "\\b([A-Z_]+)\\s*:"))
                .containsExactlyInAnyOrderElementsOf(names(LockUserRole.values()));
    }

    /** The text between start and the first end after it; fails when words.js no longer has the list. */
    private static String block(String start, String end) {
        int from = words.indexOf(start);
        assertThat(from).as("words.js has '%s'", start).isNotNegative();
        int to = words.indexOf(end, from + start.length());
        assertThat(to).as("words.js closes '%s' with '%s'", start, end).isPositive();
        return words.substring(from + start.length(), to);
    }

    private static Set<String> codes(String block, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(block);
        Set<String> codes = new LinkedHashSet<>();
        while (m.find()) {
            assertThat(codes.add(m.group(1))).as("%s has one word", m.group(1)).isTrue();
        }
        assertThat(codes).as("codes in %s", block).isNotEmpty();
        return codes;
    }

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
