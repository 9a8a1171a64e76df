package io.keyward.lock.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keyward up}: everything on one machine. For now: two simulated locks with their panels. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts everything on this machine; for now two simulated locks (KW-0001, KW-0002)",
                "with their panel APIs on 127.0.0.1, ports BASE and BASE+1. Stop with Ctrl-C."})
final class Up implements Callable<Integer> {

    static final List<String> SERIALS = List.of("KW-0001", "KW-0002");

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "each lock keeps its storage in DIR/SERIAL (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--base-port", defaultValue = "8081", paramLabel = "PORT",
            description = "panel port of the first lock; the next lock gets the next port (default: ${DEFAULT-VALUE})")
    int basePort;

    @Override
    public Integer call() throws InterruptedException {
        Options.checkPort(spec, "--base-port", basePort, 1);
        Options.checkPort(spec, "--base-port", basePort + SERIALS.size() - 1, 1);
        List<RunningLock> running = new ArrayList<>();
        try {
            for (int i = 0; i < SERIALS.size(); i++) {
                String serial = SERIALS.get(i);
                running.add(RunningLock.start(serial, dataDir.resolve(serial), basePort + i, false));
            }
        } catch (RunningLock.StartFailure e) {
            running.forEach(RunningLock::close); // all or nothing: no half-started fleet left behind
            System.err.println("keyward: " + e.getMessage());
            return 1;
        }
        return Options.serveUntilStopped(running, () -> running.forEach(
                r -> System.out.println(r.serial() + " panel: " + r.panelUrl())));
    }
}
