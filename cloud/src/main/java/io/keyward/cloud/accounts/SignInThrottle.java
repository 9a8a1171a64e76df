package io.keyward.cloud.accounts;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Limits failed sign-ins so that guessing is slow, yet nobody can lock the owner out by failing on
 * purpose (issue 10 finding 10a; the rules and why in docs/cloud.md "Sign-in limits"):
 * <ol>
 *   <li>per address: {@code address-failure-limit} failures from one address, to any accounts, refuse
 *       that address (credential stuffing);</li>
 *   <li>per account and address: {@code account-failure-limit} failures to one account from one address
 *       refuse that address for that account - the attacker's address, not the owner's;</li>
 *   <li>an account under attack ({@code attack-threshold} failures from any addresses within the window)
 *       lets addresses it signed in from before through as usual, while addresses it never signed in
 *       from share one attempt per {@code attack-slowdown}: guessing spread over many addresses crawls.</li>
 * </ol>
 * A refusal comes before the password is looked at and is not counted, so it does not extend itself.
 * Failures, known addresses and the slow-down live in the database, so every node enforces the same.
 */
@Repository
class SignInThrottle {

    /** Which limit was hit, and how long until it lifts. */
    record Refusal(String reason, Duration retryAfter) {
    }

    private final JdbcClient jdbc;
    private final AccountsSettings settings;

    SignInThrottle(JdbcClient jdbc, AccountsSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    Optional<Refusal> check(String email, String address, OffsetDateTime now) {
        return blockedFor(addressKey(address), settings.addressFailureLimit(), now)
                .map(wait -> new Refusal("too many failed sign-ins from this address", wait))
                .or(() -> blockedFor(pairKey(email, address), settings.accountFailureLimit(), now)
                        .map(wait -> new Refusal("too many failed sign-ins for this account from this address", wait)))
                .or(() -> underAttack(email, now) && !known(email, address) ? slowDown(email, now) : Optional.empty());
    }

    void recordFailure(String email, String address, OffsetDateTime now) {
        // Rows older than a window plus a lockout can no longer refuse anyone.
        jdbc.sql("delete from sign_in_failures where failed_at < :cutoff")
                .param("cutoff", now.minus(settings.failureWindow()).minus(settings.lockout())).update();
        for (String subject : List.of(accountKey(email), pairKey(email, address), addressKey(address))) {
            jdbc.sql("insert into sign_in_failures (subject, failed_at) values (:subject, :now)")
                    .param("subject", subject).param("now", now).update();
        }
    }

    /**
     * The right password clears this address's failures for the account and makes the address known.
     * Not the account's failures from elsewhere (an attack goes on), nor the address's (one good password
     * among many guesses proves little).
     */
    void recordSuccess(String email, String address, OffsetDateTime now) {
        jdbc.sql("delete from sign_in_failures where subject = :subject").param("subject", pairKey(email, address)).update();
        int updated = jdbc.sql("update sign_in_known_addresses set last_success = :now where email = :email and address = :address")
                .param("now", now).param("email", email).param("address", address).update();
        if (updated == 0) {
            try {
                jdbc.sql("insert into sign_in_known_addresses (email, address, last_success) values (:email, :address, :now)")
                        .param("email", email).param("address", address).param("now", now).update();
            } catch (DuplicateKeyException anotherNodeFirst) {
                // known either way
            }
        }
    }

    private boolean underAttack(String email, OffsetDateTime now) {
        long failures = jdbc.sql("select count(*) from sign_in_failures where subject = :subject and failed_at > :since")
                .param("subject", accountKey(email)).param("since", now.minus(settings.failureWindow()))
                .query(Long.class).single();
        return failures >= settings.attackThreshold();
    }

    private boolean known(String email, String address) {
        return jdbc.sql("select count(*) from sign_in_known_addresses where email = :email and address = :address")
                .param("email", email).param("address", address).query(Long.class).single() > 0;
    }

    /** Claims the account's one attempt for new addresses, or says how long until the next one. */
    private Optional<Refusal> slowDown(String email, OffsetDateTime now) {
        OffsetDateTime next = now.plus(settings.attackSlowdown());
        int claimed = jdbc.sql("update sign_in_slowdown set next_try = :next where email = :email and next_try <= :now")
                .param("next", next).param("email", email).param("now", now).update();
        if (claimed == 1) {
            return Optional.empty();
        }
        try {
            jdbc.sql("insert into sign_in_slowdown (email, next_try) values (:email, :next)")
                    .param("email", email).param("next", next).update();
            return Optional.empty();
        } catch (DuplicateKeyException taken) {
            OffsetDateTime until = jdbc.sql("select next_try from sign_in_slowdown where email = :email")
                    .param("email", email).query(OffsetDateTime.class).optional().orElse(next);
            Duration wait = Duration.between(now, until);
            return Optional.of(new Refusal("this account is under attack: sign-ins from addresses it has not signed in from"
                    + " before are slowed down; try again later, or from a device that signed in before",
                    wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait));
        }
    }

    private Optional<Duration> blockedFor(String subject, int limit, OffsetDateTime now) {
        List<OffsetDateTime> newest = jdbc.sql("""
                select failed_at from sign_in_failures where subject = :subject
                order by failed_at desc limit :limit""")
                .param("subject", subject).param("limit", limit)
                .query(OffsetDateTime.class)
                .list();
        if (newest.size() < limit || Duration.between(newest.get(limit - 1), newest.get(0)).compareTo(settings.failureWindow()) > 0) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, newest.get(0).plus(settings.lockout()));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    private static String accountKey(String email) {
        return "account:" + email;
    }

    private static String pairKey(String email, String address) {
        return "pair:" + email + "|" + address;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
