package io.keyward.bench;

import io.keyward.lock.biometrics.SensorBiometrics;
import io.keyward.lock.fingerprint.SimulatedFingerprintReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fingerprint identification (SPEC C2): one press of a finger against 50 enrolled fingerprints.
 * Like the lock, each enrolled fingerprint keeps the templates of its 3 enrolment presses (150 in all).
 * {@code pressAndIdentify} includes rendering the simulated press and SourceAFIS extraction, as
 * the lock does for each touch; {@code identifyOnly} is the 1:50 search of an extracted probe.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class FingerprintIdentificationBenchmark {

    private final SimulatedFingerprintReader reader = new SimulatedFingerprintReader(7);
    private final SensorBiometrics biometrics = new SensorBiometrics();
    private final List<byte[]> enrolled = new ArrayList<>();
    private byte[] probe;

    @Setup
    public void setUp() {
        for (int i = 0; i < 50; i++) {
            for (int press = 0; press < 3; press++) {
                enrolled.add(reader.press("enrolled-" + i, 0.9).template());
            }
        }
        probe = reader.press("enrolled-49", 0.8).template();
    }

    @Benchmark
    public int pressAndIdentify() {
        return biometrics.identifyFingerprint(reader.press("enrolled-25", 0.8).template(), enrolled);
    }

    @Benchmark
    public int identifyOnly() {
        return biometrics.identifyFingerprint(probe, enrolled);
    }
}
