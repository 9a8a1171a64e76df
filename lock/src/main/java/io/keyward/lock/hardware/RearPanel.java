package io.keyward.lock.hardware;

/** Input ports of the rear panel: the SET button (A3, D7), the handle (C11) and the mechanical key's cylinder (C4). */
public interface RearPanel {
    void setButtonHeld(double seconds, boolean whileInsertingBattery);

    void handleMoved(boolean lift);

    void keyTurned(boolean fits);
}
