package io.keyward.lock.biometrics;

import io.keyward.lock.hardware.FaceCapture;
import io.keyward.lock.hardware.Pose;
import io.keyward.lock.sim.SimulatedFaceCamera;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.keyward.lock.biometrics.SensorBiometrics.FACE_THRESHOLD;
import static io.keyward.lock.biometrics.SensorBiometrics.cosine;
import static org.assertj.core.api.Assertions.assertThat;

/** The simulated face camera and cosine matching (SPEC B3 enrolment, C1 unlocking, B9 vectors only). */
@DisplayName("Faces: simulated camera + cosine matching (SPEC B3, B9, C1)")
class FaceMatchingTest {

    private static final SensorBiometrics MATCH = new SensorBiometrics();
    private static final SimulatedFaceCamera CAMERA = new SimulatedFaceCamera(31337);
    private static final int ENROLLED_FACES = 50;
    /** A full lock (SPEC B3 allows 50 faces), each enrolled as the lock does it. */
    private static final List<float[]> ENROLLED = new ArrayList<>();

    @BeforeAll
    static void enrolFullLock() {
        for (int i = 0; i < ENROLLED_FACES; i++) {
            ENROLLED.add(enrol("person-" + i));
        }
    }

    /**
     * As the lock enrols a face (B3): five looks in pose order, each the same person as the first,
     * stored as their normalised mean.
     */
    private static float[] enrol(String face) {
        float[] first = null;
        float[] sum = new float[SimulatedFaceCamera.DIMENSIONS];
        for (Pose pose : Pose.values()) {
            float[] look = CAMERA.look(face, pose, false).features();
            first = first == null ? look : first;
            assertThat(MATCH.sameFace(first, look)).as("%s: %s is the same person as FRONT", face, pose).isTrue();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += look[i];
            }
        }
        double norm = Math.sqrt(cosineNorm(sum));
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= (float) norm;
        }
        return sum;
    }

    private static double cosineNorm(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        return n;
    }

    @Test
    @DisplayName("B3/C1: the same face matches in every pose, capture after capture, and is told apart among 50 enrolled")
    void sameFaceInEveryPose() {
        double minEnrolled = 1;
        double minFrontToPose = 1;
        for (int i = 0; i < ENROLLED_FACES; i++) {
            float[] front = CAMERA.look("person-" + i, Pose.FRONT, false).features();
            for (Pose pose : Pose.values()) {
                for (int capture = 0; capture < 3; capture++) {
                    float[] probe = CAMERA.look("person-" + i, pose, false).features();
                    minEnrolled = Math.min(minEnrolled, cosine(probe, ENROLLED.get(i)));
                    minFrontToPose = Math.min(minFrontToPose, cosine(front, probe));
                    assertThat(MATCH.identifyFace(probe, ENROLLED)).as("person-%d %s", i, pose).isEqualTo(i);
                    assertThat(MATCH.sameFace(front, probe)).as("person-%d FRONT vs %s", i, pose).isTrue();
                }
            }
        }
        System.out.printf("C1 same face: min cosine %.3f against the enrolment, %.3f front against any pose (threshold %.2f)%n",
                minEnrolled, minFrontToPose, FACE_THRESHOLD);
    }

    @Test
    @DisplayName("B3/C1: 300 other faces, in any pose, match none of the 50 enrolled and are never taken for another while enrolling")
    void differentFacesNeverMatch() {
        double max = -1;
        for (int i = 0; i < 300; i++) {
            Pose pose = Pose.values()[i % Pose.values().length];
            float[] stranger = CAMERA.look("stranger-" + i, pose, false).features();
            for (float[] enrolled : ENROLLED) {
                max = Math.max(max, cosine(stranger, enrolled));
            }
            assertThat(MATCH.identifyFace(stranger, ENROLLED)).as("stranger-%d", i).isEqualTo(-1);
            float[] otherFront = CAMERA.look("stranger-" + (i + 1), Pose.FRONT, false).features();
            max = Math.max(max, cosine(otherFront, stranger));
            assertThat(MATCH.sameFace(otherFront, stranger)).isFalse();
        }
        System.out.printf("C1 different faces: max cosine %.3f (threshold %.2f)%n", max, FACE_THRESHOLD);
    }

    @Test
    @DisplayName("C1: a covered face is flagged and does not match even its own enrolment")
    void obstructedDoesNotMatch() {
        double max = -1;
        for (int i = 0; i < ENROLLED_FACES; i++) {
            for (Pose pose : Pose.values()) {
                FaceCapture covered = CAMERA.look("person-" + i, pose, true);
                assertThat(covered.obstructed()).isTrue();
                assertThat(covered.pose()).isEqualTo(pose);
                max = Math.max(max, cosine(covered.features(), ENROLLED.get(i)));
                assertThat(MATCH.identifyFace(covered.features(), ENROLLED)).as("person-%d %s covered", i, pose).isEqualTo(-1);
            }
        }
        System.out.printf("C1 covered face: max cosine %.3f against its own enrolment%n", max);
    }

    @Test
    @DisplayName("C1: nobody in front of the camera is a capture without features")
    void nobody() {
        FaceCapture nobody = CAMERA.look(null, Pose.FRONT, false);
        assertThat(nobody.isNobody()).isTrue();
        assertThat(nobody.features()).isNull();
        assertThat(MATCH.identifyFace(CAMERA.look("person-0", Pose.FRONT, false).features(), List.of())).isEqualTo(-1);
    }

    @Test
    @DisplayName("B9: the camera hands over a 128-number unit vector; a name is one face on every camera; a seed repeats exactly")
    void stableUnitVectors() {
        float[] here = CAMERA.look("carol", Pose.LEFT, false).features();
        float[] elsewhere = new SimulatedFaceCamera(1).look("carol", Pose.LEFT, false).features();
        assertThat(here).hasSize(128);
        assertThat(cosineNorm(here)).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(MATCH.sameFace(here, elsewhere)).isTrue();
        assertThat(new SimulatedFaceCamera(7).look("carol", Pose.UP, false).features())
                .isEqualTo(new SimulatedFaceCamera(7).look("carol", Pose.UP, false).features());
        assertThat(cosine(here, new float[3])).as("mismatched vectors never match").isEqualTo(-1);
    }
}
