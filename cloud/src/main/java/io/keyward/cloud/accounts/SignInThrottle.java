package io.keyward.cloud.accounts;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Limits failed sign-ins per account and per client address. When {@code limit} failures of one
 * subject fall within {@code failureWindow}, that subject is refused for {@code lockout} from the last
 * of them. Refused attempts are not counted, so the lockout does not extend itself. The failures live
 * in the database so that every node enforces the same limit.
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
                .or(() -> blockedFor(accountKey(email), settings.accountFailureLimit(), now)
                        .map(wait -> new Refusal("too many failed sign-ins for this account", wait)));
    }

    void recordFailure(String email, String address, OffsetDateTime now) {
        // Rows older than a window plus a lockout can no longer refuse anyone.
        jdbc.sql("delete from sign_in_failures where failed_at < :cutoff")
                .param("cutoff", now.minus(settings.failureWindow()).minus(settings.lockout())).update();
        for (String subject : List.of(accountKey(email), addressKey(address))) {
            jdbc.sql("insert into sign_in_failures (subject, failed_at) values (:subject, :now)")
                    .param("subject", subject).param("now", now).update();
        }
    }

    /** A successful sign-in clears the account's count (not the address's: one good password among many guesses proves little). */
    void forgetAccountFailures(String email) {
        jdbc.sql("delete from sign_in_failures where subject = :subject").param("subject", accountKey(email)).update();
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

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
