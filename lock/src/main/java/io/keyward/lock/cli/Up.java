package io.keyward.lock.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code keyward up}: the two simulated locks of "everything on one machine", with their panels; the
 * launcher starts the cloud first and passes --cloud. With a cloud, KW-0001 is set up once as a demo
 * (administrator, paired with a demo account) and KW-0002 is left factory-fresh, to walk the manual on.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts two simulated locks (KW-0001, KW-0002) with their panel APIs on 127.0.0.1,",
                "ports BASE and BASE+1, linked to the cloud at --cloud once paired. Stop with Ctrl-C."})
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

    @Option(names = "--cloud", paramLabel = "URL",
            description = "the cloud the locks pair with; KW-0001 is paired with a demo account (./keyward up passes it)")
    URI cloud;

    @Override
    public Integer call() throws InterruptedException {
        Options.checkPort(spec, "--base-port", basePort, 1);
        Options.checkPort(spec, "--base-port", basePort + SERIALS.size() - 1, 1);
        List<RunningLock> running = new ArrayList<>();
        try {
            for (int i = 0; i < SERIALS.size(); i++) {
                String serial = SERIALS.get(i);
                running.add(RunningLock.start(serial, dataDir.resolve(serial), basePort + i, false, cloud));
            }
        } catch (RunningLock.StartFailure e) {
            running.forEach(RunningLock::close); // all or nothing: no half-started fleet left behind
            System.err.println("keyward: " + e.getMessage());
            return 1;
        }
        if (cloud != null && !running.get(0).paired()) {
            demo(running.get(0));
        }
        // the panel's own page, where a person starts (issue 14); its API is at the same address without /panel
        return Options.serveUntilStopped(running, () -> running.forEach(
                r -> System.out.println(r.serial() + " panel: " + r.panelUrl() + "/panel")));
    }

    private void demo(RunningLock first) throws InterruptedException {
        try {
            new DemoSetup(cloud).pair(first.panelUrl());
            System.out.println("demo account: " + DemoSetup.EMAIL + " / " + DemoSetup.PASSWORD + " owns "
                    + first.serial() + " (administrator passcode " + DemoSetup.ADMIN_PASSCODE + ")");
        } catch (java.io.IOException e) {
            System.err.println("keyward: could not set up the demo lock " + first.serial() + ": " + e.getMessage());
        }
    }
}
