package io.keyward.lock.biometrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.machinezoo.sourceafis.FingerprintImage;
import com.machinezoo.sourceafis.FingerprintImageOptions;
import com.machinezoo.sourceafis.FingerprintTemplate;
import io.keyward.lock.hardware.FingerprintCapture;
import io.keyward.lock.sim.SimulatedFingerprintReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.keyward.lock.biometrics.SensorBiometrics.FINGERPRINT_THRESHOLD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated fingerprint reader and SourceAFIS matching, end to end: real extraction from
 * rendered presses, real matching. Faces are in {@link FaceMatchingTest}.
 */
@DisplayName("Fingerprints: simulated reader + SourceAFIS (SPEC B4, B9, C2)")
class SensorBiometricsTest {

    private static final SensorBiometrics MATCH = new SensorBiometrics();
    private static final SimulatedFingerprintReader READER = new SimulatedFingerprintReader(20260105);
    private static final int ENROLLED_FINGERS = 50;
    /** One enrolment press each of 50 different fingers: a full lock (SPEC B4 allows 50). */
    private static final List<byte[]> ENROLLED = new ArrayList<>();

    @BeforeAll
    static void enrolFullLock() {
        for (int i = 0; i < ENROLLED_FINGERS; i++) {
            ENROLLED.add(READER.press(finger(i), 0.9).template());
        }
    }

    private static String finger(int i) {
        return "user-" + i + "-finger-" + i % 10;
    }

    @Test
    @DisplayName("B4/C2: the same finger matches across 20 presses that shift, rotate, crop and add noise")
    void sameFingerAcrossPresses() {
        byte[] enrolment = READER.press("alice-right-thumb", 0.9).template();
        List<byte[]> presses = new ArrayList<>();
        double min = Double.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            double quality = 0.3 + 0.7 * i / 19;  // from the lightest usable press to a perfect one
            byte[] press = READER.press("alice-right-thumb", quality).template();
            double score = MATCH.fingerprintScore(press, enrolment);
            min = Math.min(min, score);
            assertThat(MATCH.sameFinger(press, enrolment)).as("press %d (quality %.2f) scored %.1f", i, quality, score).isTrue();
            presses.add(press);
        }
        assertThat(presses.stream().map(Arrays::toString).distinct()).as("every press differs").hasSize(20);
        System.out.printf("B4 same finger, 20 presses of quality 0.3-1.0: min score %.1f (threshold %.0f)%n", min, FINGERPRINT_THRESHOLD);
    }

    @Test
    @DisplayName("B4/C2: 30 different fingers never match one another, enrolment against enrolment or fresh press against enrolment")
    void differentFingersNeverMatch() {
        double max = 0;
        for (int i = 0; i < 30; i++) {
            byte[] fresh = READER.press(finger(i), 0.3 + 0.7 * (i % 8) / 7).template();
            for (int j = 0; j < 30; j++) {
                if (i != j) {
                    double enrolledScore = MATCH.fingerprintScore(ENROLLED.get(i), ENROLLED.get(j));
                    double freshScore = MATCH.fingerprintScore(fresh, ENROLLED.get(j));
                    max = Math.max(max, Math.max(enrolledScore, freshScore));
                    assertThat(enrolledScore).as("%s vs %s", finger(i), finger(j)).isLessThan(FINGERPRINT_THRESHOLD);
                    assertThat(freshScore).as("fresh %s vs %s", finger(i), finger(j)).isLessThan(FINGERPRINT_THRESHOLD);
                }
            }
        }
        System.out.printf("B4 different fingers, 30 x 29 x 2 comparisons: max score %.1f (threshold %.0f)%n", max, FINGERPRINT_THRESHOLD);
    }

    @Test
    @DisplayName("C2: a fresh press of each of 50 enrolled fingers identifies that finger; strangers identify none")
    void identifiesAmongFiftyEnrolled() {
        for (int i = 0; i < ENROLLED_FINGERS; i++) {
            byte[] probe = READER.press(finger(i), 0.5 + 0.5 * (i % 5) / 4).template();
            assertThat(MATCH.identifyFingerprint(probe, ENROLLED)).as(finger(i)).isEqualTo(i);
        }
        for (int i = 0; i < 10; i++) {
            byte[] stranger = READER.press("stranger-" + i, 0.9).template();
            assertThat(MATCH.identifyFingerprint(stranger, ENROLLED)).as("stranger-%d", i).isEqualTo(-1);
        }
        assertThat(MATCH.identifyFingerprint(ENROLLED.get(0), List.of())).isEqualTo(-1);
    }

    @Test
    @DisplayName("B4: a light press (quality below 0.3) is poor and carries no template: the reader asks again")
    void lightPressIsPoor() {
        assertThat(READER.press("alice-right-thumb", 0.2).isPoor()).isTrue();
        assertThat(READER.press("alice-right-thumb", 0.2).template()).isNull();
        assertThat(READER.press("alice-right-thumb", 0.29).isPoor()).isTrue();
        assertThat(READER.press("alice-right-thumb", 0.3).isPoor()).isFalse();
    }

    @Test
    @DisplayName("B4: a press in which SourceAFIS finds fewer than 12 minutiae counts as poor; the count is read from the template")
    void minutiaeCountFromTemplate() throws Exception {
        byte[] blank = new FingerprintTemplate(new FingerprintImage(300, 300, new byte[300 * 300],
                new FingerprintImageOptions().dpi(500))).toByteArray();
        assertThat(SimulatedFingerprintReader.minutiae(blank)).isZero();
        ObjectMapper cbor = new ObjectMapper(new CBORFactory());
        for (int i = 0; i < 5; i++) {
            byte[] press = ENROLLED.get(i);
            int decoded = cbor.readTree(press).get("positionsX").size(); // the full decode, for reference
            assertThat(SimulatedFingerprintReader.minutiae(press)).isEqualTo(decoded).isGreaterThanOrEqualTo(20);
        }
        assertThat(SimulatedFingerprintReader.minutiae(new byte[] {1, 2, 3})).as("unknown format: not poor").isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    @DisplayName("B9: the reader hands over a template of a few hundred bytes, never the 90 000-byte image")
    void templateOnly() {
        assertThat(Arrays.stream(FingerprintCapture.class.getRecordComponents()).map(c -> c.getName()))
                .containsExactly("template");
        for (byte[] template : ENROLLED) {
            assertThat(template.length).isLessThan(2048);
        }
        System.out.printf("B9 template sizes: %d-%d bytes (image 300 x 300 = 90000 bytes)%n",
                ENROLLED.stream().mapToInt(t -> t.length).min().orElseThrow(),
                ENROLLED.stream().mapToInt(t -> t.length).max().orElseThrow());
    }

    @Test
    @DisplayName("B4: a name is one finger everywhere: readers with other seeds press the same finger; the same seed repeats exactly")
    void sameNameSameFinger() {
        byte[] elsewhere = new SimulatedFingerprintReader(1).press(finger(7), 0.8).template();
        assertThat(MATCH.identifyFingerprint(elsewhere, ENROLLED)).isEqualTo(7);
        byte[] first = new SimulatedFingerprintReader(99).press("bob-index", 0.7).template();
        byte[] again = new SimulatedFingerprintReader(99).press("bob-index", 0.7).template();
        assertThat(again).isEqualTo(first);
    }

    @Test
    @DisplayName("C2: matching is deterministic and safe to share: four threads identifying at once get the sequential answers")
    void deterministicAcrossThreads() throws Exception {
        List<byte[]> probes = IntStream.range(0, 8)
                .mapToObj(i -> READER.press(i < 6 ? finger(i * 7) : "stranger-x" + i, 0.7).template()).toList();
        List<Integer> sequential = probes.stream().map(p -> new SensorBiometrics().identifyFingerprint(p, ENROLLED)).toList();
        assertThat(sequential).containsExactly(0, 7, 14, 21, 28, 35, -1, -1);
        SensorBiometrics shared = new SensorBiometrics();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Integer>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> probes.stream().map(p -> shared.identifyFingerprint(p, ENROLLED)).toList()));
            }
            for (Future<List<Integer>> run : runs) {
                assertThat(run.get()).isEqualTo(sequential);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("C2: an unreadable stored template matches nothing and breaks nothing (fail closed)")
    void unreadableTemplateMatchesNothing() {
        byte[] probe = READER.press(finger(3), 0.9).template();
        List<byte[]> withGarbage = new ArrayList<>(ENROLLED.subList(0, 5));
        withGarbage.set(0, new byte[] {1, 2, 3, 4});
        withGarbage.set(1, new byte[0]);
        assertThat(MATCH.identifyFingerprint(probe, withGarbage)).isEqualTo(3);
        assertThat(MATCH.identifyFingerprint(new byte[] {9, 9}, ENROLLED)).isEqualTo(-1);
        assertThat(MATCH.sameFinger(new byte[] {9, 9}, probe)).isFalse();
    }
}
