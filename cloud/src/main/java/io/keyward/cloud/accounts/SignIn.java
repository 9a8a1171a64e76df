package io.keyward.cloud.accounts;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/** Checks a password against the limits and the stored hash, and opens a session when it matches. */
@Service
class SignIn {

    record SignedIn(Accounts.Account account, String sessionSecret) {
    }

    private final Accounts accounts;
    private final Sessions sessions;
    private final SignInThrottle throttle;
    private final PasswordHasher hasher;
    private final AccountsSettings settings;
    private final Clock clock;

    SignIn(Accounts accounts, Sessions sessions, SignInThrottle throttle, PasswordHasher hasher,
           AccountsSettings settings, Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.throttle = throttle;
        this.hasher = hasher;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @throws TooManyFailedSignIns before looking at the password, when a limit is reached: even the
     *         right password is refused then, or guessing could go on at full speed
     * @throws ResponseStatusException 401 for an unknown email and a wrong password alike
     */
    SignedIn signIn(String rawEmail, String password, String clientAddress) {
        String email = Emails.normalize(rawEmail);
        OffsetDateTime now = OffsetDateTime.now(clock);
        throttle.check(email, clientAddress, now).ifPresent(refusal -> {
            throw new TooManyFailedSignIns(refusal);
        });
        Optional<Accounts.Account> account = accounts.findByEmail(email);
        boolean matches = account.isPresent()
                ? hasher.matches(password, account.get().passwordHash())
                : hasher.matchesNothing(password);
        if (!matches) {
            throttle.recordFailure(email, clientAddress, now);
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "wrong email or password");
        }
        throttle.recordSuccess(email, clientAddress, now);
        return new SignedIn(account.get(), sessions.open(account.get().id(), now, settings.sessionLifetime()));
    }
}
