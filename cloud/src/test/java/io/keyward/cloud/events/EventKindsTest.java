package io.keyward.cloud.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import io.keyward.lock.core.LockEvent;
import io.keyward.protocol.event.EventKind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;

class EventKindsTest {

    @Test
    @DisplayName("H5 the event query knows every kind of event the lock writes (else filtering by it is a 400)")
    void everyLockEventKindIsKnown() {
        Set<String> lockKinds = Arrays.stream(LockEvent.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(EventKindsTest::value)
                .collect(Collectors.toSet());
        assertThat(lockKinds).isNotEmpty();
        assertThat(Arrays.stream(EventKind.values()).map(EventKind::name)).containsAll(lockKinds);
        for (String kind : lockKinds) {
            LinkedMultiValueMap<String, String> filter = new LinkedMultiValueMap<>();
            filter.add("kind", kind);
            assertThatCode(() -> EventQuery.parse(filter)).as(kind).doesNotThrowAnyException();
        }
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
