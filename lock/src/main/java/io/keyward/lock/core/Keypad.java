package io.keyward.lock.core;

import io.keyward.lock.hardware.Key;
import io.keyward.lock.prompts.Prompt;
import io.keyward.protocol.command.Setting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The keypad and its screen (A1, A6, C3, D6): awake for 20 s after the last touch, the digits typed
 * so far (at most 20), what the lock offers on ✓ (create the administrator, confirm a reset), the
 * one-time mute and the screen's text. Everything here lives in RAM and is gone when it sleeps.
 */
final class Keypad {

    static final Duration TIMEOUT = Duration.ofSeconds(20);             // A6

    enum Mode { IDLE, OFFER_ADMIN, CONFIRM_RESET }

    private final Effects fx;
    private final PowerAndBolt power;
    private boolean awake;
    private Instant sleepAt;
    private final StringBuilder typed = new StringBuilder();
    private Mode mode = Mode.IDLE;
    private boolean oneTimeMute;
    private String screenText = "";

    Keypad(Effects fx, PowerAndBolt power) {
        this.fx = fx;
        this.power = power;
    }

    /** Wakes on a touch; on waking it offers to create the administrator (A1) or says the battery is low (D3). */
    void wake() {
        boolean wasAwake = awake;
        keepAwake();
        if (wasAwake) {
            return;
        }
        if (!fx.data().hasAdministrator()) {
            mode = Mode.OFFER_ADMIN;
            fx.speak(Prompt.CREATE_ADMIN);
        } else if (power.batteryLow()) {
            fx.speak(Prompt.LOW_BATTERY);
        }
    }

    /** Awake for another 20 s, saying nothing. */
    void keepAwake() {
        awake = true;
        sleepAt = fx.now().plus(TIMEOUT);
    }

    boolean sleepDue() {
        return awake && !fx.now().isBefore(sleepAt);
    }

    void sleep() {
        awake = false;
        typed.setLength(0);
        mode = Mode.IDLE;
        oneTimeMute = false; // D6: muted until the lock sleeps
        screenText = "";
    }

    /** C3: at most 20 digits; more are ignored until ✓ or ↶. */
    void type(Key digit) {
        if (typed.length() < PasscodeRules.MAX_TYPED) {
            typed.append(digit.digit());
        }
    }

    /** ↶ clears what was typed; false when nothing was. */
    boolean clearTyped() {
        boolean any = typed.length() > 0;
        typed.setLength(0);
        return any;
    }

    /** ✓: what was typed, now cleared. */
    String takeTyped() {
        String digits = typed.toString();
        typed.setLength(0);
        return digits;
    }

    Mode mode() {
        return mode;
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    /** D6: holding 0 mutes until the lock sleeps; the keypad flashes twice. */
    void muteOnce() {
        oneTimeMute = true;
        screenText = "Muted";
        fx.speak(Prompt.MUTED);
    }

    /** D4, D6: prompts are silent in privacy mode and after a one-time mute. */
    boolean muted() {
        return oneTimeMute || fx.data().flag(Setting.PRIVACY_MODE);
    }

    void show(String text) {
        screenText = text;
    }

    boolean awake() {
        return awake;
    }

    Instant deadline() {
        return awake ? sleepAt : null;
    }

    String screenText() {
        return screenText;
    }

    String maskedInput() {
        return "*".repeat(typed.length());
    }

    /** Only ✓ and ↶ are lit while the lock offers to create an administrator or to reset. */
    List<String> litKeys(boolean powered) {
        if (!awake || !powered) {
            return List.of();
        }
        if (mode != Mode.IDLE) {
            return List.of("OK", "BACK");
        }
        return Stream.of(Key.values()).map(Key::panelName).toList();
    }
}
