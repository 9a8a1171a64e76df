package io.keyward.lock.face;

import io.keyward.lock.hardware.FaceCamera;
import io.keyward.lock.hardware.Pose;
import io.keyward.lock.sim.NameSeed;

import java.util.Random;

/**
 * A face camera over simulated faces. No face-recognition model can be shipped here (STACK.md), so
 * the camera produces what such a model would: a 128-number feature vector. A named face has a
 * stable identity vector; each look adds a pose-dependent shift (the same for every face: how a
 * turned head changes any embedding) and per-capture noise. A covered face loses most of it.
 */
public final class SimulatedFaceCamera implements FaceCamera {

    public static final int DIMENSIONS = 128;
    private static final double POSE_SHIFT = 0.25;
    private static final double NOISE = 0.02;

    private final Random random;

    public SimulatedFaceCamera() {
        this(new Random());
    }

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
        float[] identity = unit(new Random(NameSeed.of("face:" + face)));
        float[] shift = unit(new Random(pose.ordinal() * 7919L + 17));
        float[] v = new float[DIMENSIONS];
        synchronized (random) {
            for (int i = 0; i < DIMENSIONS; i++) {
                double x = identity[i] + (pose == Pose.FRONT ? 0 : POSE_SHIFT * shift[i]) + NOISE * random.nextGaussian();
                v[i] = (float) (obstructed && i % 4 != 0 ? random.nextGaussian() * 0.1 : x);
            }
        }
        return new FaceCapture(normalize(v), pose, obstructed);
    }

    private static float[] unit(Random r) {
        float[] v = new float[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return normalize(v);
    }

    static float[] normalize(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float s = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < v.length; i++) {
            v[i] *= s;
        }
        return v;
    }
}
