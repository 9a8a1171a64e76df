package io.keyward.lock.sim;

import io.keyward.lock.hardware.FaceCamera;
import io.keyward.lock.hardware.FaceCapture;
import io.keyward.lock.hardware.Pose;

import java.util.Random;

/**
 * A face camera over simulated faces. No face-recognition model can be shipped here (STACK.md), so
 * the camera produces what such a model would: a 128-number unit feature vector (an embedding),
 * never an image (SPEC B9). Like a real embedding:
 * <ul>
 *   <li>a named face has a stable identity vector (seeded from SHA-256 of the name, the same in
 *       every JVM), and two faces' vectors are nearly orthogonal;</li>
 *   <li>a turned head moves the vector: partly in a direction every face shares for that pose
 *       (how turning changes any face), partly in one of that person's own (how their profile
 *       differs from their front) — more for left/right than for up/down, never enough to lose
 *       the identity;</li>
 *   <li>every capture adds fresh noise (light, expression, sensor);</li>
 *   <li>a covered face (mask, hand, scarf) keeps little of the identity and is flagged.</li>
 * </ul>
 */
public final class SimulatedFaceCamera implements FaceCamera {

    public static final int DIMENSIONS = 128;
    /** Length of the pose shift relative to the identity: a turn changes an embedding more than a nod. */
    private static final double NOD = 0.35;
    private static final double TURN = 0.5;
    /** Length of the per-capture noise vector relative to the identity. */
    private static final double NOISE = 0.25;
    /** What is left of the face when covered, against a random vector of length 1. */
    private static final double COVERED_LEFT = 0.2;

    private final Random random;

    public SimulatedFaceCamera() {
        this(new Random());
    }

    /** A camera whose captures are repeatable (tests), when used from one thread. */
    public SimulatedFaceCamera(long seed) {
        this(new Random(seed));
    }

    private SimulatedFaceCamera(Random random) {
        this.random = random;
    }

    @Override
    public FaceCapture look(String face, Pose pose, boolean obstructed) {
        if (face == null) {
            return FaceCapture.nobody();
        }
        double[] v = identity(face);
        add(v, poseShift(face, pose), 1);
        synchronized (random) {
            add(v, randomUnit(random), NOISE);
            if (obstructed) {
                scale(v, COVERED_LEFT / norm(v));
                add(v, randomUnit(random), 1);
            }
        }
        return new FaceCapture(toUnitFloats(v), pose, obstructed);
    }

    private static double[] identity(String face) {
        return randomUnit(new Random(NameSeed.of("face:" + face)));
    }

    /** How this pose moves this face's vector: half shared by every face, half the person's own. */
    private static double[] poseShift(String face, Pose pose) {
        double[] shift = new double[DIMENSIONS];
        if (pose == Pose.FRONT) {
            return shift;
        }
        add(shift, randomUnit(new Random(NameSeed.of("pose:" + pose))), 1);
        add(shift, randomUnit(new Random(NameSeed.of("face:" + face + ":" + pose))), 1);
        scale(shift, (pose == Pose.LEFT || pose == Pose.RIGHT ? TURN : NOD) / norm(shift));
        return shift;
    }

    private static double[] randomUnit(Random r) {
        double[] v = new double[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] = r.nextGaussian();
        }
        scale(v, 1 / norm(v));
        return v;
    }

    private static void add(double[] v, double[] w, double factor) {
        for (int i = 0; i < v.length; i++) {
            v[i] += factor * w[i];
        }
    }

    private static void scale(double[] v, double factor) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
    }

    private static double norm(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        return Math.sqrt(n);
    }

    /** Embeddings are compared by angle, so the camera hands over unit vectors, as face models do. */
    private static float[] toUnitFloats(double[] v) {
        double n = norm(v);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) (v[i] / n);
        }
        return f;
    }
}
