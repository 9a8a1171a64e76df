package io.keyward.lock.sim;

import java.util.Random;

/**
 * A named finger's ridge pattern, after the Larkin-Fletcher phase model: ridges are
 * {@code cos(phase)}, where the phase is a smooth global field (a whorl, loop or arch, bent by a
 * few gentle waves) plus spiral terms {@code ±arg(z - zi)}: each spiral point zi is a minutia, a
 * ridge ending or a bifurcation. The same name always seeds the same field, so the same name is
 * the same finger, in every JVM (SHA-256 seed, {@link NameSeed}); two names give unrelated
 * patterns and minutiae.
 *
 * <p>The master pattern is rendered once per finger; a press samples it shifted, rotated,
 * cropped to the contact area and noisy ({@link #press}).
 */
final class SyntheticFinger {

    /** Side of the master pattern in pixels at 500 dpi (20 mm): larger than any press. */
    static final int MASTER = 400;
    /** Spiral points on the master; SourceAFIS finds 25-40 minutiae in a good 300 px press. */
    private static final int MINUTIAE = 64;
    /** Minimum distance between minutiae in pixels, about two ridge periods. */
    private static final double MIN_SPACING = 20;
    private static final int WAVES = 3;

    /** cos(phase) quantised to a signed byte: a quarter of the memory of floats, far below the press noise. */
    private final byte[] master = new byte[MASTER * MASTER];

    SyntheticFinger(String name) {
        Random r = new Random(NameSeed.of(name));
        GlobalField global = new GlobalField(r);
        double[] mx = new double[MINUTIAE];
        double[] my = new double[MINUTIAE];
        boolean[] clockwise = new boolean[MINUTIAE];
        for (int i = 0; i < MINUTIAE; i++) {
            do {
                mx[i] = MASTER * (0.05 + 0.9 * r.nextDouble());
                my[i] = MASTER * (0.05 + 0.9 * r.nextDouble());
            } while (crowded(mx, my, i));
            clockwise[i] = r.nextBoolean();
        }
        for (int y = 0; y < MASTER; y++) {
            for (int x = 0; x < MASTER; x++) {
                double ridge = ridge(global.phase(x, y), x, y, mx, my, clockwise);
                master[y * MASTER + x] = (byte) Math.round(127 * ridge);
            }
        }
    }

    /**
     * Whether minutia i lies too near an earlier one: real minutiae are a couple of ridges apart,
     * and spirals closer than that merge into a blot that no extractor reads reliably.
     */
    private static boolean crowded(double[] mx, double[] my, int i) {
        for (int j = 0; j < i; j++) {
            if (Math.hypot(mx[i] - mx[j], my[i] - my[j]) < MIN_SPACING) {
                return true;
            }
        }
        return false;
    }

    /**
     * cos(global + sum of ±arg(z - zi)). The spiral sum is the argument of a product of complex
     * numbers (z - zi) or their conjugates, so a pixel costs a few multiplications per minutia
     * instead of an atan2 each. Factors are scaled by 1/MASTER so the product stays in range.
     */
    private static double ridge(double globalPhase, int x, int y, double[] mx, double[] my, boolean[] clockwise) {
        double re = 1;
        double im = 0;
        for (int i = 0; i < mx.length; i++) {
            double dx = (x - mx[i]) / MASTER;
            double dy = (y - my[i]) / MASTER;
            if (clockwise[i]) {
                dy = -dy; // conjugate: the spiral turns the other way
            }
            double nre = re * dx - im * dy;
            im = re * dy + im * dx;
            re = nre;
        }
        double norm = Math.hypot(re, im);
        if (norm == 0) {
            return Math.cos(globalPhase); // exactly on a minutia: any value will do
        }
        return (Math.cos(globalPhase) * re - Math.sin(globalPhase) * im) / norm;
    }

    /**
     * The smooth part of the phase: which ridge a pixel lies on, before minutiae. Ridges follow
     * the level sets of a distance, chosen per finger like the main pattern classes: distance to
     * a short segment (whorl: closed rings), to a ray (loop: ridges wrap round the core and run
     * off in parallel) or to a humped line (arch). A few gentle waves bend it all, so two fingers
     * of the same class still differ everywhere.
     */
    private static final class GlobalField {
        private enum Kind { WHORL, LOOP, ARCH }

        private final Kind kind;
        private final double cx;
        private final double cy;
        private final double cos;
        private final double sin;
        private final double length;
        private final double squeeze;
        private final double hump;
        private final double frequency;
        private final double[] waveKx = new double[WAVES];
        private final double[] waveKy = new double[WAVES];
        private final double[] waveAmplitude = new double[WAVES];
        private final double[] waveOffset = new double[WAVES];

        GlobalField(Random r) {
            double k = r.nextDouble();
            kind = k < 0.35 ? Kind.WHORL : k < 0.85 ? Kind.LOOP : Kind.ARCH; // roughly as common as in people
            cx = MASTER * (0.35 + 0.3 * r.nextDouble());
            cy = MASTER * (0.30 + 0.4 * r.nextDouble());
            double axis = Math.PI / 2 + (r.nextDouble() * 2 - 1) * 0.7;   // about along the finger
            cos = Math.cos(axis);
            sin = Math.sin(axis);
            length = 60 * r.nextDouble();                                 // whorl: round to elongated
            squeeze = 0.6 + 0.4 * r.nextDouble();
            hump = 20 + 25 * r.nextDouble();                              // arch: height of the bump in px
            frequency = 2 * Math.PI / (8.5 + 2.5 * r.nextDouble());       // ridge period ~9-11 px at 500 dpi
            for (int i = 0; i < WAVES; i++) {
                double angle = r.nextDouble() * 2 * Math.PI;
                double wavelength = MASTER * (0.8 + 0.8 * r.nextDouble());
                waveKx[i] = Math.cos(angle) * 2 * Math.PI / wavelength;
                waveKy[i] = Math.sin(angle) * 2 * Math.PI / wavelength;
                waveAmplitude[i] = 4 + 6 * r.nextDouble();                // px of displacement: bends, never folds
                waveOffset[i] = r.nextDouble() * 2 * Math.PI;
            }
        }

        double phase(double x, double y) {
            double u = (x - cx) * cos + (y - cy) * sin;    // along the axis, from the core
            double v = -(x - cx) * sin + (y - cy) * cos;   // across it
            double distance = switch (kind) {
                case WHORL -> Math.hypot(u - Math.max(0, Math.min(length, u)), v * squeeze);
                case LOOP -> u < 0 ? Math.hypot(u, v) : Math.abs(v);
                case ARCH -> u + hump * Math.exp(-v * v / (2 * 80 * 80)); // across the finger, bulging
            };
            for (int i = 0; i < WAVES; i++) {
                distance += waveAmplitude[i] * Math.sin(waveKx[i] * x + waveKy[i] * y + waveOffset[i]);
            }
            return frequency * distance;
        }
    }

    /**
     * One press: a size x size grayscale image (dark ridges on white) of the master pattern,
     * shifted and rotated a little, cropped to an elliptical contact area, with noise. The
     * poorer the press, the smaller the contact area, the lower the contrast and the more noise.
     */
    byte[] press(int size, double quality, Random r) {
        Pose pose = new Pose(size, quality, r);
        double noise = 0.1 + 0.5 * (1 - quality);
        double contrast = 0.5 + 0.5 * quality;
        byte[] pixels = new byte[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double gray = 255;
                if (pose.touches(x, y)) {
                    double ridge = sample(pose.masterX(x, y), pose.masterY(x, y)) * contrast + r.nextGaussian() * noise;
                    gray = 128 + 110 * Math.max(-1, Math.min(1, ridge));
                }
                pixels[y * size + x] = (byte) Math.max(0, Math.min(255, (int) gray));
            }
        }
        return pixels;
    }

    /** Where the finger lies on the glass for one press, and which part of it touches. */
    private static final class Pose {
        private final double half;
        private final double cos;
        private final double sin;
        private final double dx;
        private final double dy;
        private final double contactX;
        private final double contactY;
        private final double radiusX;
        private final double radiusY;

        Pose(int size, double quality, Random r) {
            half = size / 2.0;
            double angle = Math.toRadians((r.nextDouble() * 2 - 1) * 8);
            cos = Math.cos(angle);
            sin = Math.sin(angle);
            dx = (r.nextDouble() * 2 - 1) * 15;
            dy = (r.nextDouble() * 2 - 1) * 15;
            contactX = half + (r.nextDouble() * 2 - 1) * 0.08 * size;
            contactY = half + (r.nextDouble() * 2 - 1) * 0.08 * size;
            // A firm press covers the glass; a light one touches an ellipse about 60 % of it.
            double reach = size * (0.42 + 0.18 * quality);
            radiusX = reach * (0.9 + 0.1 * r.nextDouble());
            radiusY = reach * (1.0 + 0.15 * r.nextDouble());
        }

        boolean touches(int x, int y) {
            double ex = (x - contactX) / radiusX;
            double ey = (y - contactY) / radiusY;
            return ex * ex + ey * ey <= 1;
        }

        double masterX(int x, int y) {
            return MASTER / 2.0 + dx + (x - half) * cos - (y - half) * sin;
        }

        double masterY(int x, int y) {
            return MASTER / 2.0 + dy + (x - half) * sin + (y - half) * cos;
        }
    }

    /** Bilinear sample of the master pattern, -1..1; outside it, blank skin. */
    private double sample(double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        if (x0 < 0 || y0 < 0 || x0 + 1 >= MASTER || y0 + 1 >= MASTER) {
            return 1;
        }
        double fx = x - x0;
        double fy = y - y0;
        int i = y0 * MASTER + x0;
        double top = master[i] * (1 - fx) + master[i + 1] * fx;
        double bottom = master[i + MASTER] * (1 - fx) + master[i + MASTER + 1] * fx;
        return (top * (1 - fy) + bottom * fy) / 127;
    }
}
