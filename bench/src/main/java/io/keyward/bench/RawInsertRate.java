package io.keyward.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The limit that the ingest figures are put beside, measured on the same PostgreSQL in the same run:
 * {@code clients} concurrent connections, each inserting rows shaped like the cloud's events (same
 * columns and primary key) one row per commit, as pgbench does. In a schema of its own, dropped after.
 */
final class RawInsertRate {

    /** Rows committed, over the wall time from the first insert to the last commit. */
    record Result(int clients, long rows, double seconds) {
        double perSecond() {
            return rows / seconds;
        }

        /** The line the benches print: it says {@code raw}, so a reader finds the limit beside the figure. */
        String line() {
            return String.format("raw: %,d single-row commits from %d concurrent clients in %.2f s = %,.0f rows/s",
                    rows, clients, seconds, perSecond());
        }
    }

    private RawInsertRate() {
    }

    /** On its own: {@code java -cp ... io.keyward.bench.RawInsertRate [clients (20)] [rows per client (2000)]}. */
    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        System.out.println(measure("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", clients, rows).line());
    }

    static Result measure(String url, String user, String password, int clients, int rowsPerClient) throws Exception {
        String schema = "kw_raw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection admin = DriverManager.getConnection(url, user, password); Statement s = admin.createStatement()) {
            s.execute("create schema " + schema);
            s.execute("""
                    create table %s.events (lock_id uuid not null, seq bigint not null, occurred_at timestamptz not null,
                        kind varchar(40) not null, method varchar(40), result varchar(40), user_no integer,
                        credential varchar(80), reason varchar(200), alarm varchar(40), detail varchar(500),
                        truncated varchar(200), received_at timestamptz not null, primary key (lock_id, seq))""".formatted(schema));
            try {
                return run(url, user, password, schema, clients, rowsPerClient);
            } finally {
                s.execute("drop schema " + schema + " cascade");
            }
        }
    }

    private static Result run(String url, String user, String password, String schema, int clients, int rowsPerClient)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> done = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> client(url, user, password, schema, rowsPerClient, ready, go)));
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            long rows = 0;
            for (Future<Long> f : done) {
                rows += f.get();
            }
            return new Result(clients, rows, (System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One client: its own connection in auto-commit, so each insert is its own transaction. */
    private static long client(String url, String user, String password, String schema, int rows,
                               CountDownLatch ready, CountDownLatch go) throws SQLException, InterruptedException {
        UUID lock = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement insert = c.prepareStatement("insert into " + schema + ".events (lock_id, seq, occurred_at,"
                     + " kind, method, result, user_no, received_at) values (?, ?, ?, 'UNLOCK', 'PASSCODE', 'OK', 1, ?)")) {
            c.setAutoCommit(true);
            ready.countDown();
            go.await();
            for (int i = 0; i < rows; i++) {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                insert.setObject(1, lock);
                insert.setLong(2, i + 1);
                insert.setObject(3, now);
                insert.setObject(4, now);
                insert.executeUpdate();
            }
            return rows;
        }
    }
}
