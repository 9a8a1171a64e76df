package io.keyward.lock.core;

import io.keyward.protocol.command.LockCommand;

/**
 * The home broker the lock connects to besides the cloud (docs/home-assistant.md), as stored on the
 * lock: where, the login, and whether its UNLOCK command may open the door (SPEC C12). The password
 * stays on the lock: reports and the panel only say whether one is set.
 */
public record HomeMqtt(String host, int port, String username, String password, boolean allowUnlock) {

    /** The configuration a command asks for; the stored password is kept when the command gives none. */
    static HomeMqtt of(LockCommand.SetHomeMqtt c, HomeMqtt stored) {
        String password = c.password() != null ? c.password() : stored == null ? "" : stored.password();
        String username = c.username() == null || c.username().isEmpty() ? null : c.username();
        return new HomeMqtt(c.host().strip(), c.portOrDefault(), username, password, c.allowUnlock());
    }

    /** The same broker and login: a change of "allow unlock" alone needs no new connection. */
    public boolean sameBroker(HomeMqtt other) {
        return other != null && host.equals(other.host) && port == other.port
                && java.util.Objects.equals(username, other.username) && java.util.Objects.equals(password, other.password);
    }

    public boolean passwordSet() {
        return password != null && !password.isEmpty();
    }

    /** For logs and events: never the password. */
    @Override
    public String toString() {
        return host + ":" + port + (username == null ? "" : " as " + username) + (allowUnlock ? ", unlock allowed" : "");
    }
}
