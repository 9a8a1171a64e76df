package io.keyward.cloud.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server of a test's own, from Debian's binaries, on a free port in a temporary folder,
 * that the test may stop (immediate shutdown, as a crash) and start again. Never the shared server on
 * 5432: other runs use it. Run as the user postgres (runuser) when this JVM runs as root, since the
 * server refuses to run as root. Without the binaries the test is skipped, except under CI=true.
 */
public final class PrivatePostgres implements AutoCloseable {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path dir;
    public final int port;
    private boolean running;

    private PrivatePostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static PrivatePostgres start() throws Exception {
        if (!Files.isExecutable(BIN.resolve("postgres"))) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true and " + BIN + " is missing: the database fault tests must run");
            }
            Assumptions.abort(BIN + " is missing (apt-get install postgresql-15); skipped outside CI");
        }
        Path dir = Files.createTempDirectory("keyward-pg-");
        PrivatePostgres pg = new PrivatePostgres(dir, freePort());
        if (asRoot()) {
            pg.run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        pg.run(List.of(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                "-A", "trust", "--no-sync", "-E", "UTF8"), true);
        pg.startAgain();
        pg.run(List.of(BIN.resolve("psql").toString(), "-h", "127.0.0.1", "-p",
                String.valueOf(pg.port), "-U", "postgres", "-c", "create database keyward"), false);
        return pg;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/keyward";
    }

    /** Starts the server (again) and waits until it takes connections. */
    public void startAgain() throws Exception {
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "30", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60",
                "start"), true);
        running = true;
    }

    /** Stops the server at once (immediate mode: no checkpoint, every connection cut, as a crash). */
    public void stopNow() throws Exception {
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                "stop"), true);
        running = false;
    }

    public boolean accepting() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        if (running) {
            stopNow();
        }
        run(List.of("rm", "-rf", dir.toString()), false);
    }

    private void run(List<String> command, boolean asPostgres) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgres && asRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("commands.log").toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + Files.readString(dir.resolve("commands.log")));
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
