package io.keyward.bench;

import io.keyward.lock.hardware.Key;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.lock.sim.ManualClock;
import io.keyward.lock.storage.FileRecordStore;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Heap taken per idle simulated lock: opens N locks in one JVM (default 10,000), each with an
 * administrator created on its keypad and its storage on disk, lets them sleep, and divides the
 * growth of the live heap (after full GCs) by N. Prints one line of figures.
 */
public final class IdleLockHeap {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path root = Files.createTempDirectory("keyward-heap");
        SecureRandom random = new SecureRandom();
        List<SimulatedLock> locks = new ArrayList<>(count);
        try {
            SimulatedLock warm = open(root.resolve("warm"), random);
            warm.close();
            long before = liveHeap();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                locks.add(open(root.resolve("lock-" + i), random));
            }
            long openMillis = (System.nanoTime() - start) / 1_000_000;
            long after = liveHeap();
            long perLock = (after - before) / count;
            System.out.printf("idle locks: %d, heap per idle lock: %d bytes (%.1f KiB), total %.1f MiB, opened in %d ms%n",
                    count, perLock, perLock / 1024.0, (after - before) / 1048576.0, openMillis);
        } finally {
            for (SimulatedLock lock : locks) {
                lock.close();
            }
            deleteTree(root);
        }
    }

    private static SimulatedLock open(Path dir, SecureRandom random) throws IOException {
        SimulatedLock lock = SimulatedLock.open("KW-" + dir.getFileName(), FileRecordStore.open(dir), new ManualClock(),
                n -> {
                    byte[] b = new byte[n];
                    random.nextBytes(b);
                    return b;
                });
        lock.touch();
        lock.keys(List.of(Key.OK));
        for (int i = 0; i < 2; i++) {
            lock.keys(List.of(Key.D1, Key.D3, Key.D5, Key.D7, Key.D9, Key.D2, Key.OK));
        }
        lock.advanceClock(30); // the keypad sleeps: the lock is idle
        return lock;
    }

    private static long liveHeap() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
