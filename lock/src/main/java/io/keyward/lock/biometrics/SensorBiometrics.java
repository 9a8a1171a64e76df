package io.keyward.lock.biometrics;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
import io.keyward.lock.core.Biometrics;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Matching for the lock core: SourceAFIS for fingerprints (score threshold 40, the library's
 * recommended false-match rate of 0.01 %), cosine similarity for face vectors. Pure and
 * deterministic; deserialized templates are cached by array identity (the core passes the same
 * stored arrays each time), weakly, so a deleted credential's template can be collected.
 */
public final class SensorBiometrics implements Biometrics {

    public static final double FINGERPRINT_THRESHOLD = 40;
    public static final double FACE_THRESHOLD = 0.80;

    private final Map<byte[], FingerprintTemplate> templates = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public int identifyFingerprint(byte[] probe, List<byte[]> enrolled) {
        FingerprintMatcher matcher = new FingerprintMatcher(template(probe));
        int best = -1;
        double bestScore = FINGERPRINT_THRESHOLD;
        for (int i = 0; i < enrolled.size(); i++) {
            double score = matcher.match(template(enrolled.get(i)));
            if (score >= bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    @Override
    public boolean sameFinger(byte[] a, byte[] b) {
        return new FingerprintMatcher(template(a)).match(template(b)) >= FINGERPRINT_THRESHOLD;
    }

    /** The score of two templates, for tests and calibration. */
    public double fingerprintScore(byte[] a, byte[] b) {
        return new FingerprintMatcher(template(a)).match(template(b));
    }

    private FingerprintTemplate template(byte[] bytes) {
        FingerprintTemplate t = templates.get(bytes);
        if (t == null) {
            t = new FingerprintTemplate(bytes);
            templates.put(bytes, t);
        }
        return t;
    }

    @Override
    public int identifyFace(float[] probe, List<float[]> enrolled) {
        int best = -1;
        double bestScore = FACE_THRESHOLD;
        for (int i = 0; i < enrolled.size(); i++) {
            double score = cosine(probe, enrolled.get(i));
            if (score >= bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    @Override
    public boolean sameFace(float[] a, float[] b) {
        return cosine(a, b) >= FACE_THRESHOLD;
    }

    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            return -1;
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? -1 : dot / Math.sqrt(na * nb);
    }
}
