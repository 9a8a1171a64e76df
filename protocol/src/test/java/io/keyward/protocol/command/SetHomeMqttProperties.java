package io.keyward.protocol.command;

import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SET_HOME_MQTT's one rule (docs/home-assistant.md), which the cloud applies before queueing and the
 * lock again on arrival: over arbitrary text and numbers, what it accepts is what a broker address,
 * port and login can be, and the JSON round trip and the hidden form keep everything but the password.
 */
@Label("issue 12: SET_HOME_MQTT's values")
class SetHomeMqttProperties {

    @Property
    @Label("SPEC H6: a host is accepted exactly when it is 1-253 characters of letters, digits and . : [ ] _ -")
    void hostRule(@ForAll @StringLength(max = 300) String host) {
        LockCommand.SetHomeMqtt c = new LockCommand.SetHomeMqtt(true, host, 1883, null, null, false);
        boolean fits = !host.isBlank() && host.length() <= 253 && host.chars().allMatch(ch ->
                ch < 128 && (Character.isLetterOrDigit(ch) || ".:[]_-".indexOf(ch) >= 0));
        assertThat(c.problem() == null).as("host %s", host).isEqualTo(fits);
    }

    @Property
    @Label("SPEC H6: a port is accepted exactly from 1 to 65535; none means 1883")
    void portRule(@ForAll @IntRange(min = -100_000, max = 100_000) int port) {
        LockCommand.SetHomeMqtt c = new LockCommand.SetHomeMqtt(true, "broker.local", port, null, null, false);
        assertThat(c.problem() == null).isEqualTo(port >= 1 && port <= 65535);
        assertThat(new LockCommand.SetHomeMqtt(true, "broker.local", null, null, null, false).portOrDefault()).isEqualTo(1883);
    }

    @Property
    @Label("SPEC H6: a login is accepted up to 64 / 128 printable characters; turned off, nothing is checked")
    void loginRule(@ForAll @StringLength(max = 200) String username, @ForAll @StringLength(max = 200) String password) {
        LockCommand.SetHomeMqtt c = new LockCommand.SetHomeMqtt(true, "broker.local", 1883, username, password, true);
        boolean fits = username.length() <= 64 && username.chars().noneMatch(Character::isISOControl)
                && password.length() <= 128 && password.chars().noneMatch(Character::isISOControl);
        assertThat(c.problem() == null).isEqualTo(fits);
        assertThat(new LockCommand.SetHomeMqtt(false, username, -1, username, password, true).problem()).isNull();
    }

    @Property
    @Label("the wire form reads back the same, and the form shown back never holds the password")
    void roundTripAndHidden(@ForAll @StringLength(min = 1, max = 128) String password, @ForAll boolean allowUnlock)
            throws Exception {
        LockCommand.SetHomeMqtt c = new LockCommand.SetHomeMqtt(true, "192.168.1.10", 1884, "lock", password, allowUnlock);
        assertThat(LockCommands.parse(LockCommands.write(c))).isEqualTo(c);
        LockCommand.SetHomeMqtt back = (LockCommand.SetHomeMqtt) LockCommands.parse(LockCommands.shown(LockCommands.write(c)));
        assertThat(back.password()).isEqualTo(LockCommand.SetHomeMqtt.HIDDEN);
        assertThat(back.withPassword(password)).isEqualTo(c);
        assertThat(c.toString()).contains("password=***");
    }
}
