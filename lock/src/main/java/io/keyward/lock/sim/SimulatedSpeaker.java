package io.keyward.lock.sim;

import io.keyward.lock.hardware.Speaker;
import io.keyward.lock.prompts.Prompt;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/** Remembers the most recent prompts (newest last) for the panel to show and speak. */
public final class SimulatedSpeaker implements Speaker {

    public static final int KEPT = 20;

    public record Said(Prompt prompt, String text, Instant at, boolean silent) {
    }

    private final ArrayDeque<Said> said = new ArrayDeque<>(4);

    @Override
    public void say(Prompt prompt, String text, boolean silent, Instant at) {
        said.addLast(new Said(prompt, text, at, silent));
        if (said.size() > KEPT) {
            said.removeFirst();
        }
    }

    public List<Said> recent() {
        return List.copyOf(said);
    }
}
