package io.keyward.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a bench's CPU went, by thread group: the CPU time of every live thread of this JVM now, so
 * that two snapshots, taken around a phase, give each group's share of it. Threads are grouped by name
 * with their numbers taken out ({@code event-inbox-2} is {@code event-inbox-#}), so the broker's event
 * loops, the cloud's inbox, the MQTT clients that play the locks and the JDBC pool each show as one.
 * CPU time is what a thread ran, not how long it waited, so on a busy machine it still says what costs.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, Long> nanos = new HashMap<>();
    private final long processNanos;

    private ThreadCpu() {
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue; // ended meanwhile
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                names.put(info.getThreadId(), group(info.getThreadName()));
                nanos.put(info.getThreadId(), cpu);
            }
        }
        processNanos = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
    }

    static ThreadCpu now() {
        return new ThreadCpu();
    }

    /** {@code publisher-KW-INGEST-AB12-0007} and {@code hivemq-eventloop-child-3} without their numbers. */
    static String group(String name) {
        return name.replaceAll("KW-INGEST-[0-9A-F]{4}-[0-9]+", "LOCK").replaceAll("[0-9]+", "#");
    }

    /** CPU nanoseconds each group used since {@code before}, largest first, and the whole process's. */
    Map<String, Long> since(ThreadCpu before) {
        Map<String, Long> byGroup = new HashMap<>();
        nanos.forEach((id, cpu) -> byGroup.merge(names.get(id), cpu - before.nanos.getOrDefault(id, 0L), Long::sum));
        Map<String, Long> sorted = new LinkedHashMap<>();
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** The whole JVM's CPU (every thread, the garbage collector and JIT too) since {@code before}. */
    long processSince(ThreadCpu before) {
        return processNanos - before.processNanos;
    }
}
