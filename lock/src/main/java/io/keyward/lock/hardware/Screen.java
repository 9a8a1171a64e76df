package io.keyward.lock.hardware;

/** Output port: the small front screen, showing a line of text and, in pairing mode, the QR code. */
public interface Screen {
    void show(String text, String qr);
}
