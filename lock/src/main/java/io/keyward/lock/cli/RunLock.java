package io.keyward.lock.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keyward lock}: one simulated lock and its panel, until the process is stopped. */
@Command(name = "lock", mixinStandardHelpOptions = true,
        description = {"Runs one simulated lock with its panel API on 127.0.0.1.",
                "Prints 'panel: http://127.0.0.1:PORT' once it answers; stop it with Ctrl-C or SIGTERM."})
final class RunLock implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--serial", required = true, paramLabel = "SERIAL",
            description = "serial number, 1-32 letters, digits or '-' (e.g. KW-0001)")
    String serial;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "where the lock keeps its storage; reused across restarts")
    Path dataDir;

    @Option(names = "--port", required = true, paramLabel = "PORT",
            description = "panel port on 127.0.0.1 (0 = any free port)")
    int port;

    @Option(names = "--manual-clock",
            description = "test mode: time starts at 2026-01-05T08:00:00Z and moves only by POST /clock/advance")
    boolean manualClock;

    @Option(names = "--cloud", paramLabel = "URL",
            description = "the cloud to pair with (e.g. http://127.0.0.1:8080); once paired the lock links to it")
    java.net.URI cloud;

    @Override
    public Integer call() throws InterruptedException {
        Options.checkSerial(spec, serial);
        Options.checkPort(spec, "--port", port, 0);
        RunningLock running;
        try {
            running = RunningLock.start(serial, dataDir, port, manualClock, cloud);
        } catch (RunningLock.StartFailure e) {
            System.err.println("keyward: " + e.getMessage());
            return 1;
        }
        return Options.serveUntilStopped(List.of(running), () -> System.out.println("panel: " + running.panelUrl()));
    }
}
