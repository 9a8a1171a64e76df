package io.keyward.cloud.accounts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code keyward.accounts.*}: how long a session lasts and how many failed sign-ins an account or a
 * client address may make within {@code failure-window} before it is refused for {@code lockout}.
 */
@ConfigurationProperties("keyward.accounts")
record AccountsSettings(
        @DefaultValue("14d") Duration sessionLifetime,
        @DefaultValue("5") int accountFailureLimit,
        @DefaultValue("20") int addressFailureLimit,
        @DefaultValue("15m") Duration failureWindow,
        @DefaultValue("15m") Duration lockout) {
}
