package io.keyward.lock.hardware;

/** Input port: a finger on the reader yields a template, or a poor press (SPEC B4, B9). */
public interface FingerprintReader {
    FingerprintCapture press(String finger, double quality);
}
