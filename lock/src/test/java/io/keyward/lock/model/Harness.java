package io.keyward.lock.model;

import io.keyward.lock.core.LockEvent;
import io.keyward.lock.core.LockView;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.link.SignedCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one step on the lock (as the panel and the app's link do) and on the model, then compares
 * what both show. A difference fails with the steps so far, so a shrunk sequence reads as a story.
 */
final class Harness {

    private static final String UNLOCK = LockCommands.write(new LockCommand.RemoteUnlock("model@example.com"));

    final CoreDoor door;
    final LockModel model;
    final Map<String, VisitorSpec> visitorCodes;
    private final List<String> trace = new ArrayList<>();
    private long seq;
    private SignedCommand lastRemote;
    private boolean doorRefused;
    int steps;

    Harness(long seed, Map<String, VisitorSpec> visitorCodes) {
        this.door = new CoreDoor(seed);
        this.model = new LockModel(door.now(), DoorLock.ADMIN_PASSCODE);
        this.visitorCodes = visitorCodes;
        this.seq = door.lastEvent().seq();
    }

    /** One step: the lock's side and the model's side of the same action. */
    void step(String label, Consumer<CoreDoor> onLock, Consumer<LockModel> onModel) {
        model.beginStep();
        onLock.accept(door);
        onModel.accept(model);
        steps++;
        trace.add(label);
        compare(observe(doorRefused, null), model.seen());
        doorRefused = false;
    }

    /** The panel refuses to open a door the bolt holds: the lock's side of a door step. */
    void door(boolean open) {
        step(open ? "door OPEN" : "door CLOSED", lock -> doorRefused = !lock.door(open), m -> m.door(open));
    }

    void command(Command c) {
        model.beginStep();
        CommandReply r = door.command(c.toLock());
        model.command(c);
        steps++;
        trace.add(c.toString());
        compare(observe(false, r.accepted() ? "OK" : r.reason()), model.seen());
    }

    void remote(boolean replay) {
        step(replay ? "REMOTE_UNLOCK replayed" : "REMOTE_UNLOCK", lock -> {
            if (!replay) {
                lastRemote = door.signed(UNLOCK);
            }
            if (lastRemote != null) {
                lock.signedCommand(lastRemote);
            }
        }, m -> m.remoteUnlock(replay));
    }

    private Seen observe(boolean refused, String reply) {
        LockView s = door.view();
        List<Seen.Event> events = new ArrayList<>();
        for (LockEvent e : door.events(seq)) {
            events.add(new Seen.Event(e.kind(), e.method(), e.result(), e.reason(), e.alarm(), e.user(), e.credential()));
            ModelRuns.seen(e);
            seq = e.seq();
        }
        return new Seen(s.boltLocked(), s.lockedFromInside(), s.lockoutActive(), s.privacy(), s.leavingHome(),
                s.powered(), refused, reply, events);
    }

    private void compare(Seen lock, Seen model) {
        if (!lock.equals(model)) {
            StringBuilder story = new StringBuilder("the lock and the model disagree after step " + trace.size() + ":\n");
            for (int i = 0; i < trace.size(); i++) {
                story.append(String.format("  %3d. %s%n", i + 1, trace.get(i)));
            }
            story.append("  lock:  ").append(lock).append('\n');
            story.append("  model: ").append(model);
            throw new AssertionError(story.toString());
        }
    }
}
