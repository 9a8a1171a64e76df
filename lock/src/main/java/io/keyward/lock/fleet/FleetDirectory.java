package io.keyward.lock.fleet;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A fleet's data directory: held by one fleet at a time (an OS file lock on DIR/fleet.lock, released
 * by the OS however the process ends), the fleet's name and its accounts' password (DIR/fleet.properties,
 * made once, so a restarted fleet signs in as the same accounts) and one folder per lock under
 * DIR/locks, each the same crash-safe storage as {@code ./keyward lock --data-dir}.
 */
public final class FleetDirectory implements AutoCloseable {

    /** Another fleet (or this one) already holds the directory. */
    public static final class Busy extends IOException {
        Busy(String message) {
            super(message);
        }
    }

    private final Path dir;
    private final FileChannel channel;
    private final FileLock held;
    private final Properties properties;

    private FleetDirectory(Path dir, FileChannel channel, FileLock held, Properties properties) {
        this.dir = dir;
        this.channel = channel;
        this.held = held;
        this.properties = properties;
    }

    /** Takes the directory, or refuses at once (never waits) when another fleet holds it. */
    public static FleetDirectory take(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("locks"));
        Path lockFile = dir.resolve("fleet.lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock held;
        try {
            held = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null; // held by this JVM already
        }
        if (held == null) {
            String owner = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            channel.close();
            throw new Busy("another fleet is running on " + dir.toAbsolutePath()
                    + (owner.isEmpty() ? "" : " (" + owner + ")") + "; stop it first or choose another --data-dir");
        }
        channel.truncate(0).write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid())
                .getBytes(StandardCharsets.UTF_8)), 0);
        return new FleetDirectory(dir, channel, held, properties(dir.resolve("fleet.properties")));
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            return p;
        }
        SecureRandom random = new SecureRandom();
        byte[] name = new byte[4];
        byte[] password = new byte[12];
        random.nextBytes(name);
        random.nextBytes(password);
        p.setProperty("name", HexFormat.of().formatHex(name));
        p.setProperty("password", "fleet-" + HexFormat.of().formatHex(password));
        Path temp = file.resolveSibling("fleet.properties.new");
        try (Writer out = Files.newBufferedWriter(temp)) {
            p.store(out, "Keyward fleet: its name (in serials and account e-mails) and its accounts' password");
        }
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return p;
    }

    /** 8 hex digits, random once per directory: serials FL-NAME-00001, accounts fleet-NAME-1@... */
    public String name() {
        return properties.getProperty("name");
    }

    public String password() {
        return properties.getProperty("password");
    }

    public Path lockDir(String serial) {
        return dir.resolve("locks").resolve(serial);
    }

    /** The serials of the locks made before, in order. */
    public List<String> existingSerials() throws IOException {
        try (Stream<Path> locks = Files.list(dir.resolve("locks"))) {
            return locks.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public void close() throws IOException {
        held.release();
        channel.close();
    }
}
