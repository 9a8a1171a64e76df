package io.keyward.bench;

import io.keyward.lock.core.Credential;
import io.keyward.lock.core.PasscodeBook;
import io.keyward.lock.core.PasscodeRules;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Passcode verification (SPEC C3) as the lock does it: 20 typed digits against 50 enrolled
 * passcodes stored as keyed hashes. Worst case: the passcode is absent (every run is hashed).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PasscodeVerificationBenchmark extends StandardRun {

    private String secret;
    private List<Credential> enrolled;
    private String typedWithPasscode;
    private String typedWithout;

    @Setup
    public void setUp() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        secret = Base64.getEncoder().encodeToString(key);
        enrolled = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (long x = 20_481_357L; codes.size() < 50; x += 7_919) {
            String code = Long.toString(x);
            if (PasscodeRules.check(code) == null) {
                codes.add(code);
                enrolled.add(PasscodeBook.credential(secret, "passcode-" + codes.size(), codes.size(), false, code));
            }
        }
        typedWithPasscode = "905" + codes.get(49) + "4711034"; // 18 digits, the last enrolled passcode inside
        typedWithout = "90817263544536271809";                // 20 digits, none inside
    }

    @Benchmark
    public Credential verifyTwentyDigitsNoMatch() {
        return PasscodeBook.find(secret, typedWithout, enrolled);
    }

    @Benchmark
    public Credential verifyAntiPeepingMatch() {
        return PasscodeBook.find(secret, typedWithPasscode, enrolled);
    }
}
