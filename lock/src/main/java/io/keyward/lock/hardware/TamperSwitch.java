package io.keyward.lock.hardware;

/** Input port: trips when the front panel is forced off the door (SPEC D2). */
public interface TamperSwitch {
    void tripped();
}
