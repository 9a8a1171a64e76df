package io.keyward.cloud.accounts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code keyward.accounts.*}: how long a session lasts, and the sign-in limits (docs/cloud.md "Sign-in
 * limits", SignInThrottle): {@code account-failure-limit} failed sign-ins to one account from one
 * address, or {@code address-failure-limit} from one address to any accounts, within
 * {@code failure-window} refuse that pair, or that address, for {@code lockout}. From
 * {@code attack-threshold} failures to one account within the window (from any addresses) the account
 * is under attack: addresses it never signed in from share one attempt per {@code attack-slowdown}.
 */
@ConfigurationProperties("keyward.accounts")
record AccountsSettings(
        @DefaultValue("14d") Duration sessionLifetime,
        @DefaultValue("5") int accountFailureLimit,
        @DefaultValue("20") int addressFailureLimit,
        @DefaultValue("15m") Duration failureWindow,
        @DefaultValue("15m") Duration lockout,
        @DefaultValue("10") int attackThreshold,
        @DefaultValue("30s") Duration attackSlowdown) {
}
