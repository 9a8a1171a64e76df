package io.keyward.lock.hardware;

/** Input port: the door/bolt sensor of a lock body "with sensor" (SPEC A4) reports the leaf moving. */
public interface DoorSensor {
    void doorMoved(boolean open);
}
