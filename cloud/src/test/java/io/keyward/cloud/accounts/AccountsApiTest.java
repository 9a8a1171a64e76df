package io.keyward.cloud.accounts;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.TestLocks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC H1 over real HTTP: sign up, sign in and out with the cookie and with bearer tokens. */
abstract class AccountsApiTest extends CloudTest {

    @Test
    @DisplayName("H1: sign up, sign in with the cookie, and GET /api/me says who")
    void signUpSignInAndMe() {
        String email = newEmail();
        Api.Response signedUp = api.postJson("/api/accounts",
                Api.json(Map.of("email", email, "password", PASSWORD, "displayName", "Ana Lima")));
        assertThat(signedUp.status()).isEqualTo(201);
        assertThat(signedUp.json().get("email").asString()).isEqualTo(email);
        assertThat(signedUp.body()).doesNotContain(PASSWORD).doesNotContain("argon2");

        String session = signIn(email);
        Api.Response me = api.get("/api/me", cookie(session));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("id").asString()).isEqualTo(TestLocks.accountId(jdbc, email).toString());
        assertThat(me.json().get("displayName").asString()).isEqualTo("Ana Lima");
        assertThat(me.json().get("authenticatedBy").asString()).isEqualTo("session");
    }

    @Test
    @DisplayName("H1: an email already taken, in any case or spacing, gets no second account; the answer does not tell (issue 10 finding 10b)")
    void duplicateEmail() {
        String email = signUp();
        long accounts = rows("accounts");
        Api.Response again = api.postJson("/api/accounts",
                Api.json(Map.of("email", "  " + email.toUpperCase() + " ", "password", PASSWORD, "displayName", "Twin")));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("email").asString()).isEqualTo(email);
        assertThat(rows("accounts")).isEqualTo(accounts);
        assertThat(jdbc.sql("select display_name from accounts where email = :email").param("email", email)
                .query(String.class).single()).as("the existing account unchanged").isEqualTo("Test User");
    }

    @Test
    @DisplayName("H1: a password shorter than 10 characters, or none, is refused; 10 is enough")
    void passwordRules() {
        for (String bad : new String[] {"", "123456789"}) {
            Api.Response refused = api.postJson("/api/accounts",
                    Api.json(Map.of("email", newEmail(), "password", bad, "displayName", "Short")));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.error()).startsWith("password: ");
        }
        Api.Response missing = api.postJson("/api/accounts", Api.json(Map.of("email", newEmail(), "displayName", "None")));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error()).startsWith("password: ");
        Api.Response ten = api.postJson("/api/accounts",
                Api.json(Map.of("email", newEmail(), "password", "tq7#Vw2!pz", "displayName", "Ten")));
        assertThat(ten.status()).isEqualTo(201);
    }

    @Test
    @DisplayName("H1: a wrong password and an unknown email get the same 401 and no cookie")
    void wrongCredentials() {
        String email = signUp();
        Api.Response wrong = api.postJson("/api/session", Api.json(Map.of("email", email, "password", "not the password")));
        Api.Response unknown = api.postJson("/api/session", Api.json(Map.of("email", newEmail(), "password", PASSWORD)));
        for (Api.Response response : new Api.Response[] {wrong, unknown}) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.error()).isEqualTo("wrong email or password");
            assertThat(response.cookies()).isEmpty();
        }
    }

    @Test
    @DisplayName("H1: the session cookie is HttpOnly, SameSite=Strict, Path=/, and Secure only over HTTPS")
    void cookieAttributes() {
        String email = signUp();
        String plain = api.postJson("/api/session", Api.json(Map.of("email", email, "password", PASSWORD))).cookies().get(0);
        assertThat(plain).startsWith("KW_SESSION=").contains("; HttpOnly").contains("; SameSite=Strict").contains("; Path=/")
                .doesNotContain("Secure");
        // as a TLS-terminating load balancer at a trusted address reports it
        String overTls = api.postJson("/api/session", Api.json(Map.of("email", email, "password", PASSWORD)),
                "X-Forwarded-Proto", "https").cookies().get(0);
        assertThat(overTls).contains("; Secure").contains("; HttpOnly").contains("; SameSite=Strict");
    }

    @Test
    @DisplayName("H1: a cookie-authenticated POST or DELETE without X-Keyward: 1 is refused (403) and changes nothing")
    void cookieNeedsTheCsrfHeader() {
        String session = signIn(signUp());
        long tokens = rows("api_tokens");
        for (String[] header : new String[][] {{}, {"X-Keyward", "0"}}) {
            Api.Response refused = api.postJson("/api/tokens", Api.json(Map.of("name", "laptop")), concat(cookie(session), header));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.error()).contains("X-Keyward: 1");
        }
        assertThat(api.delete("/api/session", cookie(session)).status()).isEqualTo(403);
        assertThat(rows("api_tokens")).isEqualTo(tokens);
        assertThat(api.get("/api/me", cookie(session)).status()).as("still signed in").isEqualTo(200);

        Api.Response accepted = api.postJson("/api/tokens", Api.json(Map.of("name", "laptop")),
                concat(cookie(session), new String[] {"X-Keyward", "1"}));
        assertThat(accepted.status()).isEqualTo(201);
        assertThat(rows("api_tokens")).isEqualTo(tokens + 1);
    }

    @Test
    @DisplayName("H1: a bearer token authenticates API clients, needs no X-Keyward, and is shown only once")
    void bearerToken() {
        String session = signIn(signUp());
        JsonNode created = newToken(session, "home assistant");
        String token = created.get("token").asString();
        assertThat(token).startsWith("kw_");

        Api.Response me = api.get("/api/me", bearer(token));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("authenticatedBy").asString()).isEqualTo("token");
        Api.Response another = api.postJson("/api/tokens", Api.json(Map.of("name", "second")), bearer(token));
        assertThat(another.status()).isEqualTo(201);

        Api.Response list = api.get("/api/tokens", bearer(token));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().findValuesAsString("name")).containsExactly("home assistant", "second");
        assertThat(list.body()).doesNotContain(token).doesNotContain("\"token\"");
    }

    @Test
    @DisplayName("H1: only SHA-256 hashes of session ids and tokens are stored")
    void secretsAreStoredHashed() {
        String session = signIn(signUp());
        String token = newToken(session, "scanner").get("token").asString();
        assertThat(jdbc.sql("select count(*) from sessions where id_hash = :h").param("h", session).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from sessions where id_hash = :h").param("h", Secrets.sha256(session)).query(Long.class).single()).isOne();
        assertThat(jdbc.sql("select count(*) from api_tokens where token_hash = :h").param("h", Secrets.sha256(token)).query(Long.class).single()).isOne();
        assertThat(jdbc.sql("select count(*) from api_tokens where token_hash = :h").param("h", token).query(Long.class).single()).isZero();
    }

    @Test
    @DisplayName("H1: sign out ends the session on the server and clears the cookie; other sessions go on")
    void signOut() {
        String email = signUp();
        String phone = signIn(email);
        String laptop = signIn(email);
        Api.Response out = api.delete("/api/session", concat(cookie(phone), new String[] {"X-Keyward", "1"}));
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.cookies().get(0)).startsWith("KW_SESSION=;").contains("Max-Age=0");

        Api.Response after = api.get("/api/me", cookie(phone));
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.error()).isEqualTo("session expired or signed out");
        assertThat(api.delete("/api/session", concat(cookie(phone), new String[] {"X-Keyward", "1"})).status()).isEqualTo(401);
        assertThat(api.get("/api/me", cookie(laptop)).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("H1: a bearer token cannot sign out a session; it is revoked instead")
    void signOutWithToken() {
        String session = signIn(signUp());
        String token = newToken(session, "cli").get("token").asString();
        Api.Response response = api.delete("/api/session", bearer(token));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("DELETE /api/tokens/{id}");
        assertThat(api.get("/api/me", cookie(session)).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("H1: a revoked token no longer works; revoking again, or someone else's token, is 404")
    void revokeToken() {
        String mine = signIn(signUp());
        JsonNode created = newToken(mine, "old phone");
        String token = created.get("token").asString();
        String id = created.get("id").asString();

        String stranger = signIn(signUp());
        Api.Response theirs = api.delete("/api/tokens/" + id, concat(cookie(stranger), new String[] {"X-Keyward", "1"}));
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(api.get("/api/me", bearer(token)).status()).as("a stranger cannot revoke it").isEqualTo(200);

        assertThat(api.delete("/api/tokens/" + id, bearer(token)).status()).isEqualTo(204);
        Api.Response after = api.get("/api/me", bearer(token));
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.error()).isEqualTo("invalid or revoked token");
        assertThat(api.delete("/api/tokens/" + id, concat(cookie(mine), new String[] {"X-Keyward", "1"})).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("H1: a session expires after its lifetime (14 days)")
    void sessionExpires() {
        String session = signIn(signUp());
        clock.advance(Duration.ofDays(13));
        assertThat(api.get("/api/me", cookie(session)).status()).isEqualTo(200);
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        Api.Response expired = api.get("/api/me", cookie(session));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.error()).isEqualTo("session expired or signed out");
    }

    @Test
    @DisplayName("H1: without an account every endpoint but sign-up and sign-in answers 401 with a reason")
    void unauthenticated() {
        assertThat(api.get("/api/me").status()).isEqualTo(401);
        assertThat(api.get("/api/me").error()).startsWith("not signed in");
        assertThat(api.get("/api/tokens").status()).isEqualTo(401);
        assertThat(api.postJson("/api/tokens", "{\"name\":\"x\"}").status()).isEqualTo(401);
        assertThat(api.delete("/api/tokens/" + UUID.randomUUID()).status()).isEqualTo(401);
        assertThat(api.delete("/api/session").status()).isEqualTo(401);
        assertThat(api.get("/api/me", "Authorization", "Basic dXNlcjpwYXNz").error()).startsWith("unsupported Authorization scheme");
        assertThat(api.get("/api/me", bearer("kw_made-up")).error()).isEqualTo("invalid or revoked token");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
