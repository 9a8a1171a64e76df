package io.keyward.lock.biometrics;

import io.keyward.lock.face.FaceCapture;
import io.keyward.lock.face.SimulatedFaceCamera;
import io.keyward.lock.fingerprint.FingerprintCapture;
import io.keyward.lock.fingerprint.SimulatedFingerprintReader;
import io.keyward.lock.hardware.Pose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SPEC B3, B4, B9, C1, C2: simulated sensors and real matching")
class SensorBiometricsTest {

    private static final SensorBiometrics MATCH = new SensorBiometrics();
    private static final SimulatedFingerprintReader READER = new SimulatedFingerprintReader(1234);
    private static final SimulatedFaceCamera CAMERA = new SimulatedFaceCamera(99);
    private static final List<byte[]> ENROLLED = new ArrayList<>();
    private static final int FINGERS = 12;

    @BeforeAll
    static void enrolFingers() {
        for (int i = 0; i < FINGERS; i++) {
            ENROLLED.add(READER.press("finger-" + i, 0.9).template());
        }
    }

    @Test
    @DisplayName("B4/C2: the same finger matches across presses that shift, rotate, crop and add noise")
    void sameFingerMatches() {
        double min = Double.MAX_VALUE;
        for (int i = 0; i < 15; i++) {
            byte[] probe = READER.press("finger-3", 0.6 + 0.4 * (i % 3) / 2).template();
            double score = MATCH.fingerprintScore(probe, ENROLLED.get(3));
            min = Math.min(min, score);
            assertThat(MATCH.identifyFingerprint(probe, ENROLLED)).as("press %d score %.1f", i, score).isEqualTo(3);
        }
        System.out.printf("same finger: min score %.1f%n", min);
    }

    @Test
    @DisplayName("B4/C2: different fingers never match one another")
    void differentFingersDoNotMatch() {
        double max = 0;
        for (int i = 0; i < FINGERS; i++) {
            for (int j = 0; j < FINGERS; j++) {
                if (i != j) {
                    double score = MATCH.fingerprintScore(ENROLLED.get(i), ENROLLED.get(j));
                    max = Math.max(max, score);
                    assertThat(score).as("finger %d vs %d", i, j).isLessThan(SensorBiometrics.FINGERPRINT_THRESHOLD);
                }
            }
        }
        byte[] stranger = READER.press("stranger", 0.9).template();
        assertThat(MATCH.identifyFingerprint(stranger, ENROLLED)).isEqualTo(-1);
        System.out.printf("different fingers: max score %.1f%n", max);
    }

    @Test
    @DisplayName("B4: a press below quality 0.3 is poor; B9: the reader hands over a small template, never an image")
    void poorPressAndTemplateOnly() {
        assertThat(READER.press("finger-1", 0.29).isPoor()).isTrue();
        FingerprintCapture good = READER.press("finger-1", 0.9);
        assertThat(good.isPoor()).isFalse();
        assertThat(good.template().length).isLessThan(4096).isLessThan(300 * 300 / 10);
    }

    @Test
    @DisplayName("B3/C1: the same face matches in every pose; other faces, covered faces and nobody do not")
    void faces() {
        List<float[]> enrolled = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            enrolled.add(CAMERA.look("person-" + i, Pose.FRONT, false).features());
        }
        double minSame = 1;
        for (Pose pose : Pose.values()) {
            FaceCapture c = CAMERA.look("person-7", pose, false);
            minSame = Math.min(minSame, SensorBiometrics.cosine(c.features(), enrolled.get(7)));
            assertThat(MATCH.identifyFace(c.features(), enrolled)).as(pose.name()).isEqualTo(7);
        }
        double maxOther = -1;
        for (int i = 0; i < 300; i++) {
            float[] stranger = CAMERA.look("stranger-" + i, Pose.values()[i % 5], false).features();
            for (float[] e : enrolled) {
                maxOther = Math.max(maxOther, SensorBiometrics.cosine(stranger, e));
            }
            assertThat(MATCH.identifyFace(stranger, enrolled)).isEqualTo(-1);
        }
        assertThat(MATCH.identifyFace(CAMERA.look("person-7", Pose.FRONT, true).features(), enrolled)).isEqualTo(-1);
        assertThat(CAMERA.look(null, Pose.FRONT, false).isNobody()).isTrue();
        System.out.printf("faces: same min cosine %.3f, different max cosine %.3f%n", minSame, maxOther);
    }
}
