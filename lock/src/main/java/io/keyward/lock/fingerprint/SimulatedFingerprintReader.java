package io.keyward.lock.fingerprint;

import com.machinezoo.sourceafis.FingerprintImage;
import com.machinezoo.sourceafis.FingerprintImageOptions;
import com.machinezoo.sourceafis.FingerprintTemplate;
import io.keyward.lock.hardware.FingerprintReader;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A fingerprint reader over simulated fingers: each press renders the named finger's ridges
 * (shifted, rotated, cropped, noisy), and SourceAFIS extracts a real template from that image.
 * Only the template leaves the reader (SPEC B9); the image is dropped at once.
 */
public final class SimulatedFingerprintReader implements FingerprintReader {

    /** Presses below this quality are too poor to use: the reader asks again (SPEC B4). */
    public static final double MIN_QUALITY = 0.3;
    static final int IMAGE = 300;
    private static final int FINGERS_CACHED = 64;

    private final Random random;
    private final Map<String, SyntheticFinger> fingers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SyntheticFinger> eldest) {
            return size() > FINGERS_CACHED;
        }
    };

    public SimulatedFingerprintReader() {
        this(new Random());
    }

    /** A reader whose presses are repeatable (tests, benchmarks). */
    public SimulatedFingerprintReader(long seed) {
        this(new Random(seed));
    }

    private SimulatedFingerprintReader(Random random) {
        this.random = random;
    }

    @Override
    public FingerprintCapture press(String finger, double quality) {
        if (quality < MIN_QUALITY) {
            return FingerprintCapture.poorPress();
        }
        byte[] image = finger(finger).press(IMAGE, Math.min(1, quality), random);
        FingerprintTemplate template = new FingerprintTemplate(
                new FingerprintImage(IMAGE, IMAGE, image, new FingerprintImageOptions().dpi(500)));
        return new FingerprintCapture(template.toByteArray());
    }

    private synchronized SyntheticFinger finger(String name) {
        return fingers.computeIfAbsent(name, SyntheticFinger::new);
    }
}
