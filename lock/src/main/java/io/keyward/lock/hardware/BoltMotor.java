package io.keyward.lock.hardware;

/** Output port: the motor that throws and retracts the bolt; it reports where the bolt is. */
public interface BoltMotor {
    void drive(boolean locked);

    boolean locked();
}
