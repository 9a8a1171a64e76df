package io.keyward.lock.biometrics;

import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;
import io.keyward.lock.core.Biometrics;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.IntToDoubleFunction;

/**
 * Matching for the lock core (SPEC C1, C2, and the same-finger / same-face checks of enrolment,
 * B3, B4): SourceAFIS for fingerprint templates, cosine similarity for face vectors. Only
 * templates and vectors come in, never images (B9).
 *
 * <p>Deterministic (the same inputs give the same answer: SourceAFIS is deterministic and ties go
 * to the lowest index) and thread-safe (several simulated locks share one instance). The only
 * state is a cache of deserialized enrolled templates keyed by array identity: the core passes
 * the same stored arrays on every touch, and deserializing costs about as much as matching.
 * Keys are weak, so a deleted fingerprint's template is not kept alive, and the cache is bounded.
 */
public final class SensorBiometrics implements Biometrics {

    /**
     * SourceAFIS's recommended threshold (false-match rate 0.01 % on real fingerprints). On the
     * simulated reader (60 fingers, presses of quality 0.3-1): different fingers scored at most 36
     * in 28,000 comparisons (99.9 % below 27); the same finger scored above 80 from quality 0.5,
     * and one light press (quality 0.4) in 480 fell to 38: a retry, as on a real reader.
     */
    public static final double FINGERPRINT_THRESHOLD = 40;
    /**
     * Cosine similarity from which two face vectors are one person, midway between the simulated
     * camera's populations (300 faces): the same face in any two poses 0.80 and up (0.86 and up
     * against its enrolment), different faces at most 0.39, a covered face at most 0.43 against
     * its own enrolment.
     */
    public static final double FACE_THRESHOLD = 0.6;
    /** About 10 KB each: enough for a dozen full locks (150 templates each) sharing this instance. */
    private static final int CACHED_TEMPLATES = 2048;

    private final Map<byte[], FingerprintTemplate> templates = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public int identifyFingerprint(byte[] probe, List<byte[]> enrolled) {
        FingerprintMatcher matcher = matcher(probe);
        if (matcher == null) {
            return -1;
        }
        return best(enrolled.size(), i -> score(matcher, enrolled.get(i)), FINGERPRINT_THRESHOLD);
    }

    @Override
    public boolean sameFinger(byte[] a, byte[] b) {
        return fingerprintScore(a, b) >= FINGERPRINT_THRESHOLD;
    }

    /** The SourceAFIS similarity of two templates (0 if either is unreadable), for tests and calibration. */
    public double fingerprintScore(byte[] probe, byte[] candidate) {
        FingerprintMatcher matcher = matcher(probe);
        return matcher == null ? 0 : score(matcher, candidate);
    }

    /** The probe is new on every touch, so it is deserialized, not cached. */
    private static FingerprintMatcher matcher(byte[] probe) {
        FingerprintTemplate template = deserialize(probe);
        return template == null ? null : new FingerprintMatcher(template);
    }

    private double score(FingerprintMatcher matcher, byte[] candidate) {
        FingerprintTemplate template = cached(candidate);
        return template == null ? 0 : matcher.match(template);
    }

    private FingerprintTemplate cached(byte[] bytes) {
        FingerprintTemplate template = templates.get(bytes);
        if (template == null) {
            template = deserialize(bytes);
            if (template != null) {
                if (templates.size() >= CACHED_TEMPLATES) {
                    templates.clear(); // crude, but rare: refilling costs one deserialization per template
                }
                templates.put(bytes, template);
            }
        }
        return template;
    }

    /**
     * A template the library cannot read (corrupt storage, another version) matches nothing:
     * failing closed for that one fingerprint beats throwing and breaking every other one.
     */
    private static FingerprintTemplate deserialize(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            return new FingerprintTemplate(bytes);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    @Override
    public int identifyFace(float[] probe, List<float[]> enrolled) {
        return best(enrolled.size(), i -> cosine(probe, enrolled.get(i)), FACE_THRESHOLD);
    }

    /**
     * The index of the highest score at or above the threshold (the first of equals), or -1: one rule
     * for fingers and faces, so a 1:N search never picks a weaker match than the best one.
     */
    private static int best(int candidates, IntToDoubleFunction scoreOf, double threshold) {
        int best = -1;
        double bestScore = threshold;
        for (int i = 0; i < candidates; i++) {
            double score = scoreOf.applyAsDouble(i);
            if (score > bestScore || best < 0 && score == bestScore) {
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

    /** Cosine similarity, -1 (never a match) when the vectors are missing, empty or of different lengths. */
    public static double cosine(float[] a, float[] b) {
        if (a == null || b == null || a.length != b.length) {
            return -1;
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? -1 : dot / Math.sqrt(na * nb);
    }
}
