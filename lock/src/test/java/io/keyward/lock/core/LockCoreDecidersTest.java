package io.keyward.lock.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.keyward.protocol.event.AlarmKind;
import io.keyward.protocol.event.UnlockMethod;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16 item 3 (docs/lock.md, "Shape"): {@link LockCore} only dispatches; each rule lives in a small
 * decider that acts through the one {@link Effects} (no host adapters, no reaching back into the core),
 * and events are built by {@link Event}, which puts an alarm kind on ALARM events and nowhere else
 * (issue 10 finding 1).
 */
class LockCoreDecidersTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.keyward.lock.core");
    private static final Instant T = Instant.parse("2026-01-05T08:00:00Z");

    @Test
    @DisplayName("deciders reach the core only through Effects: none depends on LockCore")
    void decidersDoNotReachIntoTheCore() {
        noClasses().that().resideInAPackage("io.keyward.lock.core")
                .and().haveNameNotMatching("io\\.keyward\\.lock\\.core\\.LockCore(\\$.*)?")
                .should().dependOnClassesThat().haveFullyQualifiedName(LockCore.class.getName())
                .check(CORE);
    }

    @Test
    @DisplayName("one effects interface: no host adapters in the core")
    void noHostAdapters() {
        noClasses().that().resideInAPackage("io.keyward.lock.core")
                .should().haveSimpleNameEndingWith("Host")
                .check(CORE);
    }

    @Test
    @DisplayName("every event of the core is built by Event")
    void eventsAreBuiltByEvent() {
        noClasses().that().resideInAPackage("io.keyward.lock.core").and().doNotHaveSimpleName("Event")
                .should().callConstructorWhere(target(owner(assignableTo(LockEvent.class))))
                .check(CORE);
    }

    @Test
    @DisplayName("LockCore.java stays a thin dispatcher: under 400 lines")
    void lockCoreIsSmall() throws IOException {
        Path source = Path.of("src/main/java/io/keyward/lock/core/LockCore.java");
        assertThat(Files.readAllLines(source).size()).as("lines in %s", source).isLessThan(400);
    }

    @Test
    @DisplayName("C9: only Event.alarm makes an ALARM event, and only an ALARM event carries an alarm")
    void alarmOnlyOnAlarmEvents() {
        LockEvent tamper = Event.alarm(AlarmKind.TAMPER).numbered(7, T);
        assertThat(tamper).isEqualTo(new LockEvent(7, T, LockEvent.ALARM, null, null, null, null, null, "TAMPER", null));
        assertThatThrownBy(() -> Event.ok(LockEvent.ALARM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Event.refused(LockEvent.ALARM, "X")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Event.happened(LockEvent.ALARM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Event.alarm(null)).isInstanceOf(NullPointerException.class);
        LockEvent refused = Event.refused(LockEvent.COMMAND_REFUSED, "BAD_NAME").detail("AddUser: free text").numbered(8, T);
        assertThat(refused.alarm()).isNull();
        assertThat(refused.detail()).isEqualTo("AddUser: free text");
    }

    @Test
    @DisplayName("the builder has no way to set an alarm but Event.alarm(kind)")
    void noAlarmSetter() {
        Stream.of(Event.class, Event.Unlock.class).flatMap(c -> Stream.of(c.getDeclaredMethods()))
                .filter(m -> !m.isSynthetic())
                .filter(m -> m.getName().toLowerCase().contains("alarm"))
                .forEach(m -> assertThat(Modifier.isStatic(m.getModifiers()) && m.getName().equals("alarm")
                        && m.getParameterCount() == 1)
                        .as("only the factory Event.alarm(kind) names an alarm: %s", m).isTrue());
        assertThat(Stream.of(Event.class.getDeclaredMethods()).map(Method::getName)).contains("alarm");
    }

    @Test
    @DisplayName("an unlock is logged with its method and outcome in the fields the log has always used")
    void unlockEvents() {
        assertThat(Event.unlock(UnlockMethod.PASSCODE).ok(2, "passcode-1").numbered(1, T))
                .isEqualTo(new LockEvent(1, T, LockEvent.UNLOCK, "PASSCODE", "OK", 2, "passcode-1", null, null, null));
        assertThat(Event.unlock(UnlockMethod.REMOTE).refused("PRIVACY_MODE").detail("account a").numbered(2, T))
                .isEqualTo(new LockEvent(2, T, LockEvent.UNLOCK, "REMOTE", "REFUSED", null, null, "PRIVACY_MODE", null, "account a"));
        assertThat(Event.lock(null).detail("AUTO_RELOCK").numbered(3, T))
                .isEqualTo(new LockEvent(3, T, LockEvent.LOCK, null, "OK", null, null, null, null, "AUTO_RELOCK"));
        assertThat(Event.happened(LockEvent.DOORBELL).numbered(4, T))
                .isEqualTo(new LockEvent(4, T, LockEvent.DOORBELL, null, null, null, null, null, null, null));
    }
}
