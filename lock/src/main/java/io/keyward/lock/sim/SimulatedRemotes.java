package io.keyward.lock.sim;

import io.keyward.lock.core.Accessory;
import io.keyward.lock.core.Input;
import io.keyward.lock.core.RemoteCode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The remote controllers paired to one simulated lock (SPEC G2): hardware outside the lock, each
 * holding the key it got at pairing and its own press counter. In the simulation the pairing channel
 * is the shell copying the key the lock made; a simulation restarted from storage gives each remote
 * the lock's last accepted counter, as if the remote had kept its counter in its own memory.
 */
public final class SimulatedRemotes {

    private static final class Remote {
        final String secret;
        long counter;

        Remote(String secret, long counter) {
            this.secret = secret;
            this.counter = counter;
        }
    }

    private final Map<String, Remote> remotes = new HashMap<>();

    /** Follows the lock's pairings: new remotes get their key, removed ones are gone (their key useless). */
    public void sync(List<Accessory> paired) {
        Map<String, Accessory> now = new HashMap<>();
        paired.stream().filter(Accessory::isRemote).forEach(a -> now.put(a.id(), a));
        remotes.keySet().retainAll(now.keySet());
        now.forEach((id, a) -> {
            Remote held = remotes.get(id);
            if (held == null || !held.secret.equals(a.secret())) {
                remotes.put(id, new Remote(a.secret(), a.counter()));
            }
        });
    }

    public boolean holds(String id) {
        return remotes.containsKey(id);
    }

    /** The button pressed: what the remote transmits (the next counter and its rolling code). */
    public Input.RemoteButton press(String id) {
        Remote remote = remotes.get(id);
        remote.counter++;
        return new Input.RemoteButton(id, remote.counter, RemoteCode.of(remote.secret, id, remote.counter));
    }
}
