package io.keyward.cloud.sharing;

import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.TestLocks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC H3 and issue 14 item 4 over real HTTP: sharing by email is an invitation with a link. */
abstract class InvitationsApiTest extends CloudTest {

    record Person(String email, UUID id, String session) {
        String[] auth() {
            return cookie(session);
        }

        String[] changing() {
            return new String[] {"Cookie", "KW_SESSION=" + session, "X-Keyward", "1"};
        }
    }

    private Person person() {
        String email = signUp();
        return new Person(email, TestLocks.accountId(jdbc, email), signIn(email));
    }

    private Person signUpAs(String email) {
        Api.Response response = api.postJson("/api/accounts",
                Api.json(Map.of("email", email, "password", PASSWORD, "displayName", "Invited")));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return new Person(email, TestLocks.accountId(jdbc, email), signIn(email));
    }

    private Api.Response share(Person by, UUID lock, String email, String role) {
        return api.postJson("/api/locks/" + lock + "/shares", Api.json(Map.of("email", email, "role", role)), by.changing());
    }

    private Api.Response accept(Person by, String token) {
        return api.postJson("/api/invitations/" + token + "/accept", "", by.changing());
    }

    private JsonNode pending(Person by, UUID lock) {
        Api.Response list = api.get("/api/locks/" + lock + "/invitations", by.auth());
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json();
    }

    private boolean shared(UUID lock, UUID account) {
        return jdbc.sql("select count(*) from shares where lock_id = :lock and account_id = :account")
                .param("lock", lock).param("account", account).query(Long.class).single() == 1;
    }

    @Test
    @DisplayName("H3 sharing answers the same status and body shape for an email with and without an account; only the one without waits as a pending invitation")
    void sameAnswerEitherWay() {
        Person owner = person();
        Person family = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        String stranger = newEmail();

        Api.Response known = share(owner, lock, family.email(), "MEMBER");
        Api.Response unknown = share(owner, lock, stranger, "MEMBER");
        assertThat(known.status()).as(known.toString()).isEqualTo(201);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(201);
        assertThat(fieldNames(known.json())).isEqualTo(fieldNames(unknown.json()));
        assertThat(fieldNames(known.json().get("invitation"))).isEqualTo(fieldNames(unknown.json().get("invitation")))
                .contains("id", "token", "link", "expiresAt");
        assertThat(known.json().get("message").asString().replace(family.email(), "E"))
                .isEqualTo(unknown.json().get("message").asString().replace(stranger, "E"))
                .contains("Keyward sends no email");
        assertThat(unknown.json().get("invitation").get("link").asString())
                .endsWith("/#/invite/" + unknown.json().get("invitation").get("token").asString());

        assertThat(shared(lock, family.id())).as("an account is shared with at once").isTrue();
        JsonNode waiting = pending(owner, lock);
        assertThat(waiting.findValuesAsString("email")).containsExactly(stranger);
        assertThat(waiting.get(0).get("role").asString()).isEqualTo("MEMBER");
        assertThat(waiting.get(0).has("expiresAt")).isTrue();
        assertThat(waiting.get(0).has("token")).as("the list never shows a link").isFalse();
    }

    @Test
    @DisplayName("H3 signing up with the invited email accepts the invitation: the share exists, nothing is pending; "
            + "following the link afterwards answers the same, and no one else can use it")
    void signUpAccepts() {
        Person owner = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        String email = newEmail();
        Api.Response made = share(owner, lock, email.toUpperCase(), "MANAGER");
        assertThat(made.status()).isEqualTo(201);
        String token = made.json().get("invitation").get("token").asString();

        Person invited = signUpAs(email);
        assertThat(shared(lock, invited.id())).isTrue();
        assertThat(pending(owner, lock)).isEmpty();
        assertThat(api.get("/api/locks/" + lock + "/shares", invited.auth()).status()).as("a manager lists shares").isEqualTo(200);
        Api.Response followed = accept(invited, token);
        assertThat(followed.status()).as(followed.toString()).isEqualTo(200);
        assertThat(followed.json().get("role").asString()).isEqualTo("MANAGER");
        assertThat(accept(person(), token).status()).as("someone else").isEqualTo(410);
    }

    @Test
    @DisplayName("H3 following the link: open view of what it invites to, accepted by the signed-in account (any email), single use, token stored hashed")
    void followTheLink() {
        Person owner = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        String token = share(owner, lock, newEmail(), "MEMBER").json().get("invitation").get("token").asString();
        assertThat(jdbc.sql("select count(*) from invitations where token_hash = :t").param("t", token)
                .query(Long.class).single()).as("the token itself is not stored").isZero();

        Api.Response view = api.get("/api/invitations/" + token);
        assertThat(view.status()).as(view.toString()).isEqualTo(200);
        assertThat(view.json().get("status").asString()).isEqualTo("PENDING");
        assertThat(view.json().get("message").asString()).contains("sign up or sign in, then accept");

        Person family = person();
        Api.Response accepted = accept(family, token);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.json().get("lockId").asString()).isEqualTo(lock.toString());
        assertThat(accepted.json().get("role").asString()).isEqualTo("MEMBER");
        assertThat(shared(lock, family.id())).isTrue();
        assertThat(pending(owner, lock)).isEmpty();

        Api.Response again = accept(person(), token);
        assertThat(again.status()).isEqualTo(410);
        assertThat(again.error()).contains("already used");
        assertThat(api.get("/api/invitations/" + token).json().get("message").asString()).contains("already used");
        assertThat(api.get("/api/invitations/not-a-token").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("H3 the owner withdraws a pending invitation; an expired one: both links say so in words and share nothing")
    void withdrawnAndExpired() {
        Person owner = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        JsonNode first = share(owner, lock, newEmail(), "MEMBER").json().get("invitation");
        Api.Response withdrawn = api.delete("/api/locks/" + lock + "/invitations/" + first.get("id").asString(), owner.changing());
        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(204);
        assertThat(pending(owner, lock)).isEmpty();
        Person family = person();
        Api.Response late = accept(family, first.get("token").asString());
        assertThat(late.status()).isEqualTo(410);
        assertThat(late.error()).contains("withdrawn");
        assertThat(api.get("/api/invitations/" + first.get("token").asString()).json().get("status").asString())
                .isEqualTo("WITHDRAWN");

        JsonNode second = share(owner, lock, newEmail(), "MEMBER").json().get("invitation");
        jdbc.sql("update invitations set expires_at = created_at - interval '1' day where id = :id")
                .param("id", UUID.fromString(second.get("id").asString())).update();
        Api.Response expired = accept(family, second.get("token").asString());
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.error()).contains("expired");
        assertThat(shared(lock, family.id())).isFalse();
        assertThat(pending(owner, lock)).as("an expired invitation is not listed").isEmpty();
    }

    @Test
    @DisplayName("H3 bad input: own email, an existing member, an invitation already pending: 409 in words, nothing doubled; a new link replaces the old")
    void refusals() {
        Person owner = person();
        Person family = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        assertThat(share(owner, lock, family.email(), "MEMBER").status()).isEqualTo(201);
        String waiting = newEmail();
        JsonNode invitation = share(owner, lock, waiting, "MEMBER").json().get("invitation");
        long invitations = rows("invitations");
        long shares = rows("shares");

        Api.Response self = share(owner, lock, owner.email(), "MEMBER");
        assertThat(self.status()).isEqualTo(409);
        assertThat(self.error()).contains("you own this lock");
        Api.Response member = share(owner, lock, family.email(), "MANAGER");
        assertThat(member.status()).isEqualTo(409);
        assertThat(member.error()).contains("already shared");
        Api.Response twice = share(owner, lock, waiting, "MANAGER");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.error()).contains("already waiting");
        assertThat(accept(owner, invitation.get("token").asString()).error()).contains("you own");
        assertThat(rows("invitations")).isEqualTo(invitations);
        assertThat(rows("shares")).isEqualTo(shares);

        Api.Response renewed = api.postJson("/api/locks/" + lock + "/invitations/" + invitation.get("id").asString() + "/link",
                "", owner.changing());
        assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
        assertThat(api.get("/api/invitations/" + invitation.get("token").asString()).status()).as("the old link").isEqualTo(404);
        assertThat(api.get("/api/invitations/" + renewed.json().get("token").asString()).json().get("status").asString())
                .isEqualTo("PENDING");
        Api.Response memberWithdraws = api.delete("/api/locks/" + lock + "/invitations/" + invitation.get("id").asString(),
                family.changing());
        assertThat(memberWithdraws.status()).as("a member may not withdraw").isEqualTo(403);
    }

    private static java.util.List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().sorted().toList();
    }
}
