package io.keyward.lock.hardware;

import io.keyward.lock.prompts.Prompt;

import java.time.Instant;

/** Output port: the speaker says a voice prompt (or, muted, only shows it). */
public interface Speaker {
    void say(Prompt prompt, String text, boolean silent, Instant at);
}
