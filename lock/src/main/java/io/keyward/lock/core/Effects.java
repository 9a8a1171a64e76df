package io.keyward.lock.core;

import io.keyward.lock.prompts.Prompt;

import java.time.Instant;

/**
 * The one way a decider acts on the lock: read the clock and the data, store a change, log an
 * event, speak, or hand the shell an output. {@link LockCore} implements it for the step being
 * handled, so every change still reaches the step's Persist output before anything it says.
 */
interface Effects {

    /** The lock's time for this step (never runs back). */
    Instant now();

    /** What the lock keeps; change it only through {@link #commit}. */
    LockData data();

    /** Applies a change now and stores it with this step. */
    void commit(Change change);

    /** Logs an event (stored with this step). */
    void record(Event event);

    /** A voice prompt; silent (still shown) while muted (D4, D6). */
    void speak(Prompt prompt);

    /** An alarm's prompt: alarms are never muted. */
    void speakAlways(Prompt prompt);

    /** Any other output for the shell (bolt, siren, replies). */
    void output(Output output);

    /** A fresh 256-bit secret from the lock's entropy, base64. */
    String newSecret();
}
