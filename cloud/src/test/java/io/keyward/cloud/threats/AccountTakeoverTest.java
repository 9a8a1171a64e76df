package io.keyward.cloud.threats;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import io.keyward.cloud.TestLocks;
import io.keyward.lock.cli.DemoSetup;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threat family: account takeover (issue 10 finding 10; SPEC H1, H3). Lockout abuse (anyone locking the
 * owner out with five wrong passwords), credential stuffing (many accounts from one address), guessing
 * spread over many addresses, enumeration (sign-up and sharing telling whether an email has an
 * account), and weak passwords. The rules are in docs/cloud.md "Sign-in limits".
 */
@H2Storage
@DisplayName("Threats: account takeover - lockout abuse, credential stuffing, enumeration, weak passwords (issue 10 finding 10)")
class AccountTakeoverTest extends CloudTest {

    @Test
    @DisplayName("finding 10a / H1: wrong passwords from an attacker's address refuse that address, not the owner at home nor on a new address")
    void finding10_wrongPasswordsElsewhereDoNotLockTheOwnerOut() {
        String email = signUp();
        Api home = api;
        assertThat(signIn(home, email, PASSWORD).status()).as("the owner signs in from home once").isEqualTo(200);
        Api attacker = api.from(randomAddress());
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(attacker, email, "wrong password " + i).status()).isEqualTo(401);
        }
        Api.Response attackersSixth = signIn(attacker, email, PASSWORD);
        assertThat(attackersSixth.status()).as("the attacker's address is refused for this account").isEqualTo(429);
        assertThat(attackersSixth.header("Retry-After")).isPresent();

        Api.Response owner = signIn(home, email, PASSWORD);
        System.out.println("finding 10a: after 5 wrong passwords from another address the owner at home gets " + owner);
        assertThat(owner.status()).as("the owner from the known address").isEqualTo(200);
        assertThat(signIn(api.from(randomAddress()), email, PASSWORD).status()).as("the owner from a new address").isEqualTo(200);
    }

    @Test
    @DisplayName("finding 10a / H1: guessing spread over 30 addresses slows new addresses down for that account; a known address still gets in")
    void finding10_distributedGuessingSlowsNewAddressesButNotKnownOnes() {
        String email = signUp();
        Api home = api;
        assertThat(signIn(home, email, PASSWORD).status()).isEqualTo(200);
        int refused = 0;
        for (int i = 0; i < 30; i++) {
            int status = signIn(api.from(randomAddress()), email, "guess " + i).status();
            assertThat(status).isIn(401, 429);
            refused += status == 429 ? 1 : 0;
        }
        System.out.println("finding 10a: 30 guesses from 30 addresses, " + refused + " slowed down (429)");
        assertThat(refused).as("guesses from new addresses slowed down once the account is under attack").isGreaterThan(10);

        Api.Response newAddress = signIn(api.from(randomAddress()), email, PASSWORD);
        assertThat(newAddress.status()).as("a new address while under attack").isEqualTo(429);
        assertThat(newAddress.error()).contains("under attack");
        assertThat(signIn(home, email, PASSWORD).status()).as("the owner's known address while under attack").isEqualTo(200);
        clock.advance(Duration.ofSeconds(31));
        assertThat(signIn(api.from(randomAddress()), email, PASSWORD).status()).as("a new address after the slow-down interval").isEqualTo(200);
    }

    @Test
    @DisplayName("H1: credential stuffing - 20 accounts tried from one address, then that address is refused for every account")
    void credentialStuffingFromOneAddressIsLimited() {
        List<String> victims = new java.util.ArrayList<>();
        for (int i = 0; i < 21; i++) {
            victims.add(signUp());
        }
        Api stuffer = api.from(randomAddress());
        for (int i = 0; i < 20; i++) {
            assertThat(signIn(stuffer, victims.get(i), "leaked-password-" + i).status()).as("try %d", i + 1).isEqualTo(401);
        }
        Api.Response refused = signIn(stuffer, victims.get(20), PASSWORD);
        System.out.println("credential stuffing: 20 accounts from one address, the 21st: " + refused.status());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.error()).isEqualTo("too many failed sign-ins from this address");
    }

    @Test
    @DisplayName("finding 10b / H1: signing up with an email that has an account answers as a new sign-up, changes nothing, and costs a hash")
    void finding10_signUpDoesNotRevealAnExistingEmail() {
        String taken = signUp();
        long accounts = rows("accounts");
        Api.Response again = signUpAs(taken.toUpperCase(), "another strong passphrase 42", "Twin");
        Api.Response fresh = signUpAs(newEmail(), "another strong passphrase 42", "Twin");
        System.out.println("finding 10b: sign-up with a taken email: " + again + " / a free one: " + fresh);
        assertThat(again.status()).isEqualTo(fresh.status());
        assertThat(fieldNames(again.json())).isEqualTo(fieldNames(fresh.json()));
        assertThat(again.body()).doesNotContain(TestLocks.accountId(jdbc, taken).toString());
        assertThat(rows("accounts")).isEqualTo(accounts + 1);
        assertThat(signIn(api, taken, PASSWORD).status()).as("the existing password still works").isEqualTo(200);
        assertThat(signIn(api, taken, "another strong passphrase 42").status()).as("the sign-up's password does not").isEqualTo(401);

        long[] existing = new long[5];
        long[] free = new long[5];
        for (int i = 0; i < 5; i++) {
            existing[i] = timed(() -> signUpAs(taken, "another strong passphrase 42", "Twin"));
            free[i] = timed(() -> signUpAs(newEmail(), "another strong passphrase 42", "Twin"));
        }
        System.out.println("finding 10b: sign-up median " + median(existing) / 1_000_000 + " ms taken / " + median(free) / 1_000_000 + " ms free");
        assertThat(median(existing)).as("a taken email costs about as much as a free one").isGreaterThan(median(free) / 3);
    }

    @Test
    @DisplayName("finding 10b / H3: sharing with an email that has no account answers exactly as with one that has; the share list shows only real shares")
    void finding10_sharingDoesNotRevealWhetherAnEmailHasAnAccount() {
        String ownerEmail = signUp();
        String session = signIn(ownerEmail);
        UUID lock = TestLocks.create(jdbc, TestLocks.accountId(jdbc, ownerEmail));
        String known = signUp();
        String unknown = newEmail();
        String[] auth = {"Cookie", "KW_SESSION=" + session, "X-Keyward", "1"};
        Api.Response toKnown = api.postJson("/api/locks/" + lock + "/shares", Api.json(Map.of("email", known, "role", "MEMBER")), auth);
        Api.Response toUnknown = api.postJson("/api/locks/" + lock + "/shares", Api.json(Map.of("email", unknown, "role", "MEMBER")), auth);
        System.out.println("finding 10b: share with an account: " + toKnown + " / without: " + toUnknown);
        assertThat(toUnknown.status()).isEqualTo(toKnown.status());
        // issue 14: both answers carry an invitation; its own random parts (id, token, link, expiry) aside, the bodies are equal
        assertThat(withoutInvitation(toUnknown).replace(unknown, "EMAIL")).isEqualTo(withoutInvitation(toKnown).replace(known, "EMAIL"));
        assertThat(toUnknown.json().get("invitation").propertyNames())
                .containsExactlyInAnyOrderElementsOf(toKnown.json().get("invitation").propertyNames());
        JsonNode shares = api.get("/api/locks/" + lock + "/shares", auth).json();
        assertThat(shares).hasSize(1);
        assertThat(shares.get(0).get("email").asString()).isEqualTo(known);
    }

    private static String withoutInvitation(Api.Response response) {
        tools.jackson.databind.node.ObjectNode body = (tools.jackson.databind.node.ObjectNode) response.json();
        body.remove("invitation");
        return body.toString();
    }

    @Test
    @DisplayName("finding 10c / H1: weak passwords are refused with the estimator's reason; the test and demo passwords pass")
    void finding10_weakPasswordsAreRefusedWithTheReason() {
        String email = "johnathan.smithson-" + (int) (Math.random() * 1000) + "@example.org";
        String localPart = email.substring(0, email.indexOf('@'));
        long accounts = rows("accounts");
        for (String weak : List.of("1234567890", "          ", email, localPart, "password123", "qwertyuiop", "keyward1234")) {
            Api.Response refused = signUpAs(email, weak, "Weak");
            System.out.println("finding 10c: \"" + weak + "\" -> " + refused);
            assertThat(refused.status()).as("password \"%s\"", weak).isEqualTo(400);
            assertThat(refused.error()).as("password \"%s\"", weak).startsWith("password: ").hasSizeGreaterThan("password: ".length() + 10);
        }
        assertThat(rows("accounts")).isEqualTo(accounts);
        for (String good : List.of(PASSWORD, DemoSetup.PASSWORD)) {
            assertThat(signUpAs(newEmail(), good, "Good").status()).as("password \"%s\"", good).isEqualTo(201);
        }
        // the demo account of ./keyward up, with its own email in the exclusion list (its words once made
        // "keyward-demo-password" too easy to guess, and the demo set-up failed)
        assertThat(signUpAs(DemoSetup.EMAIL, DemoSetup.PASSWORD, "Demo").status()).isEqualTo(201);
    }

    private Api.Response signUpAs(String email, String password, String name) {
        return api.postJson("/api/accounts", Api.json(Map.of("email", email, "password", password, "displayName", name)));
    }

    private static Api.Response signIn(Api client, String email, String password) {
        return client.postJson("/api/session", Api.json(Map.of("email", email, "password", password)));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.properties().forEach(entry -> names.add(entry.getKey()));
        java.util.Collections.sort(names);
        return names;
    }

    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }

    private static long median(long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
