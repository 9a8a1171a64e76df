package io.keyward.lock.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/** What the subcommands share: option checks (a usage error, exit 2) and running until stopped. */
final class Options {

    private Options() {
    }

    static void checkSerial(CommandSpec spec, String serial) {
        if (!RunningLock.SERIAL.matcher(serial).matches()) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--serial': '" + serial + "' (1-32 letters, digits or '-')");
        }
    }

    static void checkPort(CommandSpec spec, String option, int port, int min) {
        if (port < min || port > 65535) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': " + port + " (a port from " + min + " to 65535)");
        }
    }

    /**
     * Announces the locks once they answer, then blocks until the JVM is told to stop (Ctrl-C,
     * SIGTERM); the shutdown hook closes every panel and lock so storage ends cleanly.
     */
    static int serveUntilStopped(List<RunningLock> running, Runnable announce) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(RunningLock::close), "keyward-shutdown"));
        announce.run();
        System.out.flush(); // whoever waits for the panel line must see it now, not at exit
        new CountDownLatch(1).await();
        return 0;
    }
}
