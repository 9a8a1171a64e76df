package io.keyward.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run every Keyward microbenchmark shares, so their reports stay comparable and are changed in one
 * place: one fork, 2 warmup and 3 measured iterations of 2 s, state shared by the benchmark's threads.
 * JMH's annotations are inherited; a benchmark names only what it does differently (its mode and unit,
 * or longer iterations), and command-line options still override all of it.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public abstract class StandardRun {
}
