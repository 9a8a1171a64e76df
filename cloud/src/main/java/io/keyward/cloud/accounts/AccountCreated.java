package io.keyward.cloud.accounts;

import java.util.UUID;

/**
 * Application event: a new account was signed up with this (normalized) email. Published only when the
 * account is really new, never for a taken email (whose answer is the same). The sharing module
 * listens: invitations pending for the email become shares (issue 14 item 4).
 */
public record AccountCreated(UUID account, String email) {
}
