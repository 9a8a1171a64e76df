package io.keyward.lock.sim;

import com.machinezoo.sourceafis.FingerprintImage;
import com.machinezoo.sourceafis.FingerprintImageOptions;
import com.machinezoo.sourceafis.FingerprintTemplate;
import io.keyward.lock.hardware.FingerprintCapture;
import io.keyward.lock.hardware.FingerprintReader;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A fingerprint reader over simulated fingers: each press renders the named finger's ridges
 * (shifted, rotated, cropped, noisy; {@link SyntheticFinger}) into a 300 x 300 image at 500 dpi,
 * and SourceAFIS extracts a real template from it. Only the template leaves the reader (SPEC B9);
 * the image is dropped at once. A light press, or one in which SourceAFIS finds too few
 * minutiae to identify anyone, is a poor press and the lock asks again (SPEC B4).
 */
public final class SimulatedFingerprintReader implements FingerprintReader {

    /** Presses below this quality are too poor to use: the reader asks again (SPEC B4). */
    public static final double MIN_QUALITY = 0.3;
    /** Fewer minutiae than this is a poor press: the classic 12-point standard of fingerprint examiners. */
    static final int MIN_MINUTIAE = 12;
    /** 15 mm square at 500 dpi, the window of a typical lock's capacitive sensor. */
    static final int IMAGE = 300;
    private static final FingerprintImageOptions DPI = new FingerprintImageOptions().dpi(500);
    /** Master patterns are costly (~40 ms) and 160 KB each: keep those of the last fingers used. */
    private static final int FINGERS_CACHED = 64;
    private static final byte[] TYPES_KEY = "types".getBytes(StandardCharsets.US_ASCII);

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

    /** A reader whose presses are repeatable (tests, benchmarks), when used from one thread. */
    public SimulatedFingerprintReader(long seed) {
        this(new Random(seed));
    }

    private SimulatedFingerprintReader(Random random) {
        this.random = random;
    }

    /**
     * One press of the named finger.
     *
     * @param quality 0..1, how firmly and cleanly the finger is pressed; below {@link #MIN_QUALITY}
     *                the press is poor
     */
    @Override
    public FingerprintCapture press(String finger, double quality) {
        Objects.requireNonNull(finger, "finger");
        if (quality < MIN_QUALITY) {
            return FingerprintCapture.poorPress();
        }
        byte[] image = finger(finger).press(IMAGE, Math.min(1, quality), random);
        byte[] template = new FingerprintTemplate(new FingerprintImage(IMAGE, IMAGE, image, DPI)).toByteArray();
        return minutiae(template) < MIN_MINUTIAE ? FingerprintCapture.poorPress() : new FingerprintCapture(template);
    }

    private synchronized SyntheticFinger finger(String name) {
        return fingers.computeIfAbsent(name, SyntheticFinger::new);
    }

    /**
     * How many minutiae a serialized template holds. SourceAFIS 3 serializes a template as a CBOR
     * map (its documented template format) whose last entry, "types", is a text string with one
     * letter per minutia (E ending, B bifurcation); reading that one header is far cheaper than
     * deserializing the template. A format this does not recognise counts as plenty
     * ({@link Integer#MAX_VALUE}), so a library upgrade cannot turn every press poor.
     */
    public static int minutiae(byte[] template) {
        int key = lastIndexOf(template, TYPES_KEY);
        int value = key + TYPES_KEY.length;
        if (key < 1 || template[key - 1] != 0x65 || value >= template.length) {
            return Integer.MAX_VALUE; // no text key "types" (CBOR 0x65: text of 5 bytes) with a value after it
        }
        int header = template[value] & 0xff;
        if (header >= 0x60 && header <= 0x77) {                                    // text, length in the header
            return header - 0x60;
        } else if (header == 0x78 && value + 1 < template.length) {                // text, one-byte length
            return template[value + 1] & 0xff;
        } else if (header == 0x79 && value + 2 < template.length) {                // text, two-byte length
            return (template[value + 1] & 0xff) << 8 | template[value + 2] & 0xff;
        }
        return Integer.MAX_VALUE;
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
