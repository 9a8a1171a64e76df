package io.keyward.cloud.sharing;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.keyward.cloud.accounts.AccessRevoked;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.accounts.CredentialCheck;
import io.keyward.cloud.nodes.NodeChannel;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The authority behind every long-lived response open on this node (a live view, an alert stream):
 * what the request proved when it began - its credential and, for a lock's stream, a role on that lock -
 * re-checked while the response lasts, so that access ends at once when it is taken away (issue 10
 * finding 7). Three triggers:
 * <ul>
 *   <li>{@link AccessRevoked} (sign-out, token revoked, share removed or changed, lock removed) from this
 *       node, or from another node over the {@link NodeChannel}: the grants it concerns are re-checked
 *       at once;</li>
 *   <li>every second, in memory: a session past its end ends its streams;</li>
 *   <li>every {@code keyward.streams.recheck} (5 s), against the database: the backstop for a revocation
 *       whose message between the nodes was lost (the channel is best effort).</li>
 * </ul>
 * A grant that no longer holds is ended once: its stream's {@code onEnd} closes the response.
 */
@Service
public class StreamGrants {

    private static final Logger log = LoggerFactory.getLogger(StreamGrants.class);

    /** One open stream's authority. Closed by the stream when it ends for any other reason. */
    public final class Grant implements AutoCloseable {
        private final AccountPrincipal principal;
        private final UUID lock;
        private final AccountRole minimum;
        private final Runnable onEnd;
        private volatile boolean ended;
        private volatile long checkedAt = System.nanoTime();

        private Grant(AccountPrincipal principal, UUID lock, AccountRole minimum, Runnable onEnd) {
            this.principal = principal;
            this.lock = lock;
            this.minimum = minimum;
            this.onEnd = onEnd;
        }

        /** Whether the stream may go on sending: checked before each frame or alert. */
        public boolean holds() {
            return !ended;
        }

        @Override
        public void close() {
            grants.remove(this);
        }
    }

    static final String TOPIC = "access-revoked";
    private static final String ANY = "*";

    private final Set<Grant> grants = ConcurrentHashMap.newKeySet();
    private final CredentialCheck credentials;
    private final Access access;
    private final Clock clock;
    private final NodeChannel nodes;
    private final long recheckNanos;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stream-grants");
        thread.setDaemon(true);
        return thread;
    });

    StreamGrants(CredentialCheck credentials, Access access, Clock clock, NodeChannel nodes,
                 @Value("${keyward.streams.recheck:5s}") Duration recheck) {
        this.credentials = credentials;
        this.nodes = nodes;
        this.access = access;
        this.clock = clock;
        this.recheckNanos = recheck.toNanos();
        checker.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        nodes.subscribe(TOPIC, message -> recheckConcerned(decode(message)));
    }

    /**
     * Registers an open stream of the request's account: on a lock with at least {@code minimum}, or
     * ({@code lock} null) on the account alone. {@code onEnd} runs once, on the checker's thread, when
     * the grant stops holding; it must close the response without blocking for long.
     */
    public Grant open(AccountPrincipal principal, UUID lock, AccountRole minimum, Runnable onEnd) {
        Grant grant = new Grant(principal, lock, minimum, onEnd);
        grants.add(grant);
        return grant;
    }

    /** Re-checks the grant against the database now; ends it if it no longer holds. */
    public boolean recheck(Grant grant) {
        if (grant.ended) {
            return false;
        }
        grant.checkedAt = System.nanoTime();
        if (!stillHolds(grant)) {
            end(grant);
        }
        return !grant.ended;
    }

    /**
     * Published after the change committed, so the re-check reads the new state; the other nodes are
     * told too, after that commit, so theirs does as well.
     */
    @EventListener
    void onAccessRevoked(AccessRevoked revoked) {
        recheckConcerned(revoked);
        nodes.publish(TOPIC, encode(revoked));
    }

    private void recheckConcerned(AccessRevoked revoked) {
        checker.execute(() -> grants.stream()
                .filter(grant -> revoked.concerns(grant.principal.accountId(), grant.lock))
                .forEach(this::recheckQuietly));
    }

    /** "account lock", either "*" for any. */
    static String encode(AccessRevoked revoked) {
        return (revoked.account() == null ? ANY : revoked.account().toString()) + " "
                + (revoked.lock() == null ? ANY : revoked.lock().toString());
    }

    static AccessRevoked decode(String message) {
        String[] parts = message.split(" ", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("not an access revocation: " + message);
        }
        return new AccessRevoked(uuidOrAny(parts[0]), uuidOrAny(parts[1]));
    }

    private static UUID uuidOrAny(String text) {
        return ANY.equals(text) ? null : UUID.fromString(text);
    }

    /** How many streams hold a grant on this node (for tests and metrics). */
    int open() {
        return grants.size();
    }

    private void sweep() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        long nanos = System.nanoTime();
        for (Grant grant : grants) {
            if (CredentialCheck.expired(grant.principal, now)) {
                end(grant);
            } else if (nanos - grant.checkedAt >= recheckNanos) {
                recheckQuietly(grant);
            }
        }
    }

    private boolean stillHolds(Grant grant) {
        if (!credentials.stillValid(grant.principal, OffsetDateTime.now(clock))) {
            return false;
        }
        return grant.lock == null || access.roleOf(grant.principal.accountId(), grant.lock)
                .map(role -> role.atLeast(grant.minimum)).orElse(false);
    }

    /** On the checker's thread a failing database must not stop the sweep: the grant is tried again later. */
    private void recheckQuietly(Grant grant) {
        try {
            recheck(grant);
        } catch (RuntimeException e) {
            log.warn("could not re-check a stream's access (tried again in the next sweep): {}", e.toString());
        }
    }

    private void end(Grant grant) {
        synchronized (grant) {
            if (grant.ended) {
                return;
            }
            grant.ended = true;
        }
        grants.remove(grant);
        try {
            grant.onEnd.run();
        } catch (RuntimeException e) {
            log.debug("ending a stream whose access was revoked: {}", e.toString());
        }
    }

    @PreDestroy
    void close() {
        checker.shutdownNow();
    }
}
