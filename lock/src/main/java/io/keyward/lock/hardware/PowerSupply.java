package io.keyward.lock.hardware;

/** Input port: the battery (charge, in or out) and the front Type-C emergency power (SPEC C10, D3). */
public interface PowerSupply {
    void batteryLevel(int percent);

    void batteryInserted(boolean inserted);

    void usbPower(boolean connected);
}
