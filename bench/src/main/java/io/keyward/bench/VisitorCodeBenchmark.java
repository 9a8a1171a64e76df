package io.keyward.bench;

import io.keyward.protocol.visitor.SeenCodes;
import io.keyward.protocol.visitor.VisitorCode;
import io.keyward.protocol.visitor.VisitorCodeCheck;
import io.keyward.protocol.visitor.VisitorSecret;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Offline visitor passcodes (SPEC E1, E2; docs/visitor-passcodes.md): how fast the cloud generates
 * codes and how fast the lock verifies 12 typed digits as it does (VisitorCodeCheck with its table of
 * seen codes): a valid one-time code, a valid periodic code, and 12 digits that are no code.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VisitorCodeBenchmark extends StandardRun {

    private VisitorSecret secret;
    private Instant now;
    private long hour;
    private String oneTime;
    private String periodic;
    private SeenCodes seen;
    private int serial;

    @Setup
    public void setUp() {
        secret = VisitorSecret.generate();
        now = Instant.parse("2026-03-02T10:30:00Z");
        hour = VisitorCode.hourOf(now);
        oneTime = VisitorCode.oneTime(secret, hour, 3).digits();
        periodic = VisitorCode.periodic(secret, hour - 2, hour + 24 * 7).digits();
        // a table as a busy lock has it: 200 codes seen in the last days
        SeenCodes table = SeenCodes.empty();
        for (int i = 0; i < 200; i++) {
            long h = hour - 1 - (i / 16);
            VisitorCodeCheck.Result r = VisitorCodeCheck.check(secret, VisitorCode.startOf(h).plusSeconds(60),
                    VisitorCode.oneTime(secret, h, i % 16).digits(), table);
            table = r.seen();
        }
        seen = table;
    }

    @Benchmark
    public String generateOneTime() {
        serial = (serial + 1) & 15;
        return VisitorCode.oneTime(secret, hour, serial).digits();
    }

    @Benchmark
    public String generatePeriodic() {
        return VisitorCode.periodic(secret, hour, hour + 24 * 30).digits();
    }

    @Benchmark
    public VisitorCodeCheck.Result verifyOneTime() {
        return VisitorCodeCheck.check(secret, now, oneTime, seen);
    }

    @Benchmark
    public VisitorCodeCheck.Result verifyPeriodic() {
        return VisitorCodeCheck.check(secret, now, periodic, seen);
    }

    @Benchmark
    public VisitorCodeCheck.Result verifyNotACode() {
        return VisitorCodeCheck.check(secret, now, "902816374551", seen);
    }
}
