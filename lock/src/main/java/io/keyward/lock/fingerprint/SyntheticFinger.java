package io.keyward.lock.fingerprint;

import io.keyward.lock.sim.NameSeed;

import java.util.Random;

/**
 * A named finger's ridge pattern, after the Larkin-Fletcher phase model: ridges are
 * {@code cos(phase)} where the phase is a smooth loop/whorl field plus spiral terms
 * {@code ±atan2(y-yi, x-xi)}; each spiral point is a minutia (a ridge ending or a bifurcation) at
 * (xi, yi). The same name always seeds the same field, so the same name is the same finger.
 * The master pattern is rendered once; a press samples it shifted, rotated and noisy.
 */
final class SyntheticFinger {

    static final int MASTER = 400;
    private static final int MINUTIAE = 48;

    private final float[] master = new float[MASTER * MASTER];

    SyntheticFinger(String name) {
        Random r = new Random(NameSeed.of(name));
        double cx = MASTER * (0.35 + 0.3 * r.nextDouble());
        double cy = MASTER * (0.30 + 0.3 * r.nextDouble());
        double period = 8.5 + 2.5 * r.nextDouble();          // ridge period in pixels (~9 px at 500 dpi)
        double squeeze = 0.5 + 0.8 * r.nextDouble();         // loop (elongated) versus whorl (round)
        double tilt = r.nextDouble() * Math.PI;
        double[] mx = new double[MINUTIAE];
        double[] my = new double[MINUTIAE];
        int[] sign = new int[MINUTIAE];
        for (int i = 0; i < MINUTIAE; i++) {
            mx[i] = MASTER * (0.1 + 0.8 * r.nextDouble());
            my[i] = MASTER * (0.1 + 0.8 * r.nextDouble());
            sign[i] = r.nextBoolean() ? 1 : -1;
        }
        double cos = Math.cos(tilt);
        double sin = Math.sin(tilt);
        for (int y = 0; y < MASTER; y++) {
            for (int x = 0; x < MASTER; x++) {
                double u = (x - cx) * cos + (y - cy) * sin;
                double v = (-(x - cx) * sin + (y - cy) * cos) * squeeze;
                double phase = 2 * Math.PI * Math.sqrt(u * u + v * v) / period;
                for (int i = 0; i < MINUTIAE; i++) {
                    phase += sign[i] * Math.atan2(y - my[i], x - mx[i]);
                }
                master[y * MASTER + x] = (float) Math.cos(phase);
            }
        }
    }

    /**
     * One press: a size x size grayscale image (dark ridges on white) of the master pattern,
     * shifted and rotated a little, with noise, lower contrast and a wider blank margin the
     * poorer the press.
     */
    byte[] press(int size, double quality, Random r) {
        double angle = Math.toRadians((r.nextDouble() * 2 - 1) * 8);
        double dx = (r.nextDouble() * 2 - 1) * 15;
        double dy = (r.nextDouble() * 2 - 1) * 15;
        double noise = 0.1 + (1 - quality) * 0.5;
        double contrast = 0.5 + 0.5 * quality;
        int margin = (int) ((1 - quality) * size * 0.15 + r.nextInt(10));
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double c = MASTER / 2.0;
        byte[] pixels = new byte[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double gray = 255;
                if (x >= margin && y >= margin && x < size - margin && y < size - margin) {
                    double px = x - size / 2.0;
                    double py = y - size / 2.0;
                    double sx = c + dx + px * cos - py * sin;
                    double sy = c + dy + px * sin + py * cos;
                    double ridge = sample(sx, sy) * contrast + r.nextGaussian() * noise;
                    gray = 128 + 110 * Math.max(-1, Math.min(1, ridge));
                }
                pixels[y * size + x] = (byte) Math.max(0, Math.min(255, (int) gray));
            }
        }
        return pixels;
    }

    /** Bilinear sample of the master pattern; outside it, blank skin. */
    private double sample(double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        if (x0 < 0 || y0 < 0 || x0 + 1 >= MASTER || y0 + 1 >= MASTER) {
            return 1;
        }
        double fx = x - x0;
        double fy = y - y0;
        double top = master[y0 * MASTER + x0] * (1 - fx) + master[y0 * MASTER + x0 + 1] * fx;
        double bottom = master[(y0 + 1) * MASTER + x0] * (1 - fx) + master[(y0 + 1) * MASTER + x0 + 1] * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
