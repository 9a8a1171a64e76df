package io.keyward.lock.hardware;

/** Input port: the front keypad area (touch wakes the lock; keys are pressed or held). */
public interface Keypad {
    void touch();

    void press(Key key);

    void hold(Key key, double seconds);
}
