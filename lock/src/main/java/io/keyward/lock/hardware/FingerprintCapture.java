package io.keyward.lock.hardware;

/**
 * What the fingerprint reader hands the lock core after one press: either a template extracted
 * from the press, or a poor press the reader could not use (SPEC B4: the reader asks again).
 * Images never leave the reader; only templates do (SPEC B9).
 *
 * @param template serialized SourceAFIS template, or null for a poor press
 */
public record FingerprintCapture(byte[] template) {

    public static FingerprintCapture poorPress() {
        return new FingerprintCapture(null);
    }

    public boolean isPoor() {
        return template == null;
    }
}
