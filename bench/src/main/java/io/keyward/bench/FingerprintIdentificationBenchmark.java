package io.keyward.bench;

import io.keyward.lock.biometrics.SensorBiometrics;
import io.keyward.lock.sim.SimulatedFingerprintReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fingerprint identification (SPEC C2) on a full lock: 50 enrolled fingers (B4's limit).
 * <ul>
 *   <li>{@code identifyOnePress}: what one touch costs the lock: render the simulated press,
 *       extract its template with SourceAFIS, and identify it against every enrolled template;</li>
 *   <li>{@code matchOnly}: the 1:N search alone, for a probe already extracted.</li>
 * </ul>
 * {@code enrolmentPresses} is how many templates each finger keeps: 1 is the plain 1:50 search;
 * 3 is what the lock really stores (an enrolment keeps all its presses), so a touch searches 150.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FingerprintIdentificationBenchmark extends StandardRun {

    private static final int FINGERS = 50;
    private static final int PROBES = 25;

    @Param({"1", "3"})
    public int enrolmentPresses;

    private final SimulatedFingerprintReader reader = new SimulatedFingerprintReader(7);
    private final SensorBiometrics biometrics = new SensorBiometrics();
    private final List<byte[]> enrolled = new ArrayList<>();
    /** Fresh presses of enrolled fingers, extracted in advance, for the search alone. */
    private final List<byte[]> probes = new ArrayList<>();
    private int next;

    @Setup
    public void enrol() {
        for (int i = 0; i < FINGERS; i++) {
            for (int press = 0; press < enrolmentPresses; press++) {
                enrolled.add(reader.press(finger(i), 0.9).template());
            }
        }
        for (int i = 0; i < PROBES; i++) {
            probes.add(reader.press(finger(i * 2), 0.8).template());
        }
        if (biometrics.identifyFingerprint(probes.get(1), enrolled) / enrolmentPresses != 2) {
            throw new IllegalStateException("the probe of finger 2 should identify finger 2"); // measure real work
        }
    }

    private static String finger(int i) {
        return "bench-finger-" + i;
    }

    /** One touch: press (render + SourceAFIS extraction) and identify; a different finger each time. */
    @Benchmark
    public int identifyOnePress() {
        next = (next + 1) % FINGERS;
        return biometrics.identifyFingerprint(reader.press(finger(next), 0.8).template(), enrolled);
    }

    /** The search alone: an extracted probe against every enrolled template. */
    @Benchmark
    public int matchOnly() {
        next = (next + 1) % PROBES;
        return biometrics.identifyFingerprint(probes.get(next), enrolled);
    }
}
