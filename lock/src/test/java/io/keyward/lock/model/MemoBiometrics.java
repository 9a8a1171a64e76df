package io.keyward.lock.model;

import io.keyward.lock.biometrics.SensorBiometrics;
import io.keyward.lock.core.Biometrics;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real matcher (SourceAFIS scores, cosine for faces) with each fingerprint pair's score computed
 * once: the model-based test presses the same few fixed presses thousands of times, and building a
 * SourceAFIS matcher per touch would dominate its run time. Picks the best score above the
 * threshold, ties to the lowest index, as {@link SensorBiometrics} does.
 */
final class MemoBiometrics implements Biometrics {

    private static final SensorBiometrics REAL = new SensorBiometrics();
    private static final Map<List<ByteBuffer>, Double> SCORES = new ConcurrentHashMap<>();

    private static double score(byte[] probe, byte[] candidate) {
        return SCORES.computeIfAbsent(List.of(ByteBuffer.wrap(probe.clone()), ByteBuffer.wrap(candidate.clone())),
                k -> REAL.fingerprintScore(probe, candidate));
    }

    @Override
    public int identifyFingerprint(byte[] probe, List<byte[]> enrolled) {
        int best = -1;
        double bestScore = SensorBiometrics.FINGERPRINT_THRESHOLD;
        for (int i = 0; i < enrolled.size(); i++) {
            double s = score(probe, enrolled.get(i));
            if (s > bestScore || best < 0 && s == bestScore) {
                best = i;
                bestScore = s;
            }
        }
        return best;
    }

    @Override
    public boolean sameFinger(byte[] a, byte[] b) {
        return score(a, b) >= SensorBiometrics.FINGERPRINT_THRESHOLD;
    }

    @Override
    public int identifyFace(float[] probe, List<float[]> enrolled) {
        return REAL.identifyFace(probe, enrolled);
    }

    @Override
    public boolean sameFace(float[] a, float[] b) {
        return REAL.sameFace(a, b);
    }
}
