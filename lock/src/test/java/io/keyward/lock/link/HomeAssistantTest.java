package io.keyward.lock.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.core.LockView;
import io.keyward.protocol.event.AlarmKind;
import io.keyward.protocol.event.UnlockMethod;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documents and messages of {@link HomeAssistant} without a broker: every event the lock can log
 * maps onto an event_type its entity declares (Home Assistant drops an event of a type it was not told).
 */
@DisplayName("issue 12 item 1: Home Assistant's words for every event of the lock")
class HomeAssistantTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HomeAssistant ha = new HomeAssistant("KW-0042");

    @Test
    @DisplayName("SPEC C9: every unlock, by every method, opened or refused, is an event of a type the unlock entity declares")
    void everyUnlockHasADeclaredType() throws Exception {
        List<String> declared = types("unlock");
        for (UnlockMethod method : UnlockMethod.values()) {
            for (String result : List.of("OK", "REFUSED")) {
                LockEvent e = new LockEvent(7, Instant.parse("2026-12-05T04:00:00Z"), LockEvent.UNLOCK, method.name(), result,
                        1, "passcode-1", "OK".equals(result) ? null : "PRIVACY_MODE", null, null);
                Map.Entry<String, String> message = ha.event(e);
                assertThat(message.getKey()).isEqualTo("keyward/KW-0042/event/unlock");
                JsonNode body = JSON.readTree(message.getValue());
                assertThat(declared).contains(body.path("event_type").asText());
                assertThat(body.path("event_type").asText()).isEqualTo("OK".equals(result) ? method.name().toLowerCase() : "refused");
                assertThat(body.path("method").asText()).isEqualTo(method.name());
                assertThat(body.path("at").asText()).isEqualTo("2026-12-05T04:00:00Z");
            }
        }
    }

    @Test
    @DisplayName("SPEC H4 B8: every alarm but duress is an event of a declared type; a duress opening says nothing at home")
    void everyAlarmButDuress() throws Exception {
        List<String> declared = types("alarm_event");
        for (AlarmKind alarm : AlarmKind.values()) {
            LockEvent e = new LockEvent(8, Instant.EPOCH, LockEvent.ALARM, null, "OK", null, null, null, alarm.name(), null);
            Map.Entry<String, String> message = ha.event(e);
            if (alarm == AlarmKind.DURESS) {
                assertThat(message).isNull();
                assertThat(declared).doesNotContain("duress");
            } else {
                assertThat(declared).contains(JSON.readTree(message.getValue()).path("event_type").asText());
            }
        }
    }

    @Test
    @DisplayName("other events (settings, users, locking) are not Home Assistant events")
    void otherEventsStayOff() {
        LockEvent setting = new LockEvent(9, Instant.EPOCH, LockEvent.SETTING_CHANGED, null, "OK", null, null, null, null, "x");
        LockEvent lock = new LockEvent(10, Instant.EPOCH, LockEvent.LOCK, null, "OK", null, null, null, null, "AUTO_RELOCK");
        assertThat(ha.event(setting)).isNull();
        assertThat(ha.event(lock)).isNull();
    }

    @Test
    @DisplayName("SPEC A4: the lock entity's state follows the bolt; no door state or entity where the door is unknown")
    void stateAndDoor() {
        assertThat(HomeAssistant.lockState(view(true, "CLOSED"))).isEqualTo("LOCKED");
        assertThat(HomeAssistant.lockState(view(false, "OPEN"))).isEqualTo("UNLOCKED");
        assertThat(ha.states(view(false, "OPEN"))).containsEntry("keyward/KW-0042/door/state", "ON")
                .containsEntry("keyward/KW-0042/lock/state", "UNLOCKED").containsEntry("keyward/KW-0042/battery/state", "80");
        assertThat(ha.states(view(true, "UNKNOWN"))).doesNotContainKey("keyward/KW-0042/door/state");
        assertThat(ha.discovery(view(true, "UNKNOWN"))).doesNotContainKey(ha.discoveryTopic(HomeAssistant.Entity.DOOR))
                .hasSize(HomeAssistant.Entity.values().length - 1);
    }

    @Test
    @DisplayName("SPEC D9: a jammed bolt shows as the lock entity's state_jammed, whichever way it stuck")
    void jammedBoltIsJammed() {
        assertThat(HomeAssistant.lockState(view(true, true, "CLOSED"))).isEqualTo(HomeAssistant.JAMMED);
        assertThat(HomeAssistant.lockState(view(false, true, "CLOSED"))).isEqualTo(HomeAssistant.JAMMED);
        assertThat(HomeAssistant.lockState(view(true, false, "CLOSED"))).isEqualTo(HomeAssistant.LOCKED);
        assertThat(ha.states(view(false, true, "CLOSED"))).containsEntry("keyward/KW-0042/lock/state", HomeAssistant.JAMMED);
    }

    /** A powered lock's view with this bolt and door, battery 80 %, nothing else going on. */
    private static LockView view(boolean boltLocked, String door) {
        return view(boltLocked, false, door);
    }

    private static LockView view(boolean boltLocked, boolean jammed, String door) {
        return new LockView("KW-0042", true, boltLocked, jammed, false, door, false, List.of(), "", false, "", null, false, 80,
                false, true, false, false, false, false, null, List.of(), "EN", Instant.EPOCH, null);
    }

    private List<String> types(String object) throws Exception {
        HomeAssistant.Entity entity = object.equals("unlock") ? HomeAssistant.Entity.UNLOCK_EVENT : HomeAssistant.Entity.ALARM_EVENT;
        String doc = ha.discovery(view(true, "CLOSED")).get(ha.discoveryTopic(entity));
        List<String> out = new ArrayList<>();
        JSON.readTree(doc).path("event_types").forEach(n -> out.add(n.asText()));
        return out;
    }
}
