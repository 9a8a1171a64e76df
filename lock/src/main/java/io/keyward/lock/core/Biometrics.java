package io.keyward.lock.core;

import java.util.List;

/**
 * Template matching the lock core calls: pure, deterministic functions (no I/O, no threads), so
 * the core stays a function of its inputs. Real sensors would put this in the sensor module.
 */
public interface Biometrics {

    /** Index of the best-matching enrolled fingerprint template, or -1 when none passes the threshold. */
    int identifyFingerprint(byte[] probe, List<byte[]> enrolled);

    /** Whether two presses are of the same finger (used while enrolling). */
    boolean sameFinger(byte[] a, byte[] b);

    /** Index of the best-matching enrolled face vector, or -1 when none passes the threshold. */
    int identifyFace(float[] probe, List<float[]> enrolled);

    /** Whether two face vectors are of the same person (used while enrolling). */
    boolean sameFace(float[] a, float[] b);
}
