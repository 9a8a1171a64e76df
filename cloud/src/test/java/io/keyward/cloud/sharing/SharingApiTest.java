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

/** SPEC H3 over real HTTP: the owner shares a lock by email, changes roles, revokes; members leave. */
abstract class SharingApiTest extends CloudTest {

    /** A signed-up, signed-in account. */
    record Person(String email, UUID id, String session) {
        String[] auth() {
            return cookie(session);
        }

        String[] changing() {
            return new String[] {"Cookie", "KW_SESSION=" + session, "X-Keyward", "1"};
        }
    }

    Person person() {
        String email = signUp();
        return new Person(email, TestLocks.accountId(jdbc, email), signIn(email));
    }

    private Api.Response share(Person by, UUID lock, String email, String role) {
        return api.postJson("/api/locks/" + lock + "/shares", Api.json(Map.of("email", email, "role", role)), by.changing());
    }

    private Api.Response changeRole(Person by, UUID lock, UUID account, String role) {
        return api.send("PUT", "/api/locks/" + lock + "/shares/" + account, Api.fixed(Api.json(Map.of("role", role))),
                concat(by.changing(), "Content-Type", Api.JSON));
    }

    private Api.Response shares(Person by, UUID lock) {
        return api.get("/api/locks/" + lock + "/shares", by.auth());
    }

    @Test
    @DisplayName("H3 the owner shares a lock by email as member; the list shows it and the member reaches the lock")
    void shareByEmail() {
        Person owner = person();
        Person family = person();
        UUID lock = TestLocks.create(jdbc, owner.id());

        Api.Response shared = share(owner, lock, "  " + family.email().toUpperCase() + " ", "MEMBER");
        assertThat(shared.status()).as(shared.toString()).isEqualTo(201);
        assertThat(shared.header("Location")).hasValue("/api/locks/" + lock + "/shares");
        assertThat(shared.json().get("email").asString()).isEqualTo(family.email());
        assertThat(shared.json().get("role").asString()).isEqualTo("MEMBER");

        Api.Response list = shares(owner, lock);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().findValuesAsString("email")).containsExactly(family.email());
        assertThat(api.get("/api/locks/" + lock + "/events", family.auth()).status()).as("member reads events").isEqualTo(200);
    }

    @Test
    @DisplayName("H3 sharing with an unknown email shares nothing (answered as with a known one, issue 10 finding 10b); refuses the owner itself (409), an account already shared (409), a bad role (400)")
    void shareRefusals() {
        Person owner = person();
        Person family = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        assertThat(share(owner, lock, family.email(), "MANAGER").status()).isEqualTo(201);
        long shares = rows("shares");

        Api.Response unknown = share(owner, lock, newEmail(), "MEMBER");
        assertThat(unknown.status()).isEqualTo(201);
        assertThat(unknown.json().get("message").asString()).contains("if").contains("has a Keyward account");
        Api.Response self = share(owner, lock, owner.email(), "MEMBER");
        assertThat(self.status()).isEqualTo(409);
        assertThat(self.error()).contains("you own this lock");
        Api.Response again = share(owner, lock, family.email(), "MEMBER");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).contains("already shared");
        for (String role : new String[] {"OWNER", "member", "ADMIN", ""}) {
            Api.Response bad = share(owner, lock, family.email(), role);
            assertThat(bad.status()).as(role).isEqualTo(400);
            assertThat(bad.error()).isEqualTo("role: must be MANAGER or MEMBER");
        }
        assertThat(rows("shares")).isEqualTo(shares);
        assertThat(shares(owner, lock).json().get(0).get("role").asString()).as("role unchanged").isEqualTo("MANAGER");
    }

    @Test
    @DisplayName("H3 the owner changes a share's role; a manager may list shares, a member may not (403)")
    void changeRoles() {
        Person owner = person();
        Person family = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        share(owner, lock, family.email(), "MEMBER");

        Api.Response asMember = shares(family, lock);
        assertThat(asMember.status()).isEqualTo(403);
        assertThat(asMember.error()).isEqualTo("your role on this lock is member; this needs manager");

        Api.Response promoted = changeRole(owner, lock, family.id(), "MANAGER");
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertThat(promoted.json().get("role").asString()).isEqualTo("MANAGER");
        assertThat(shares(family, lock).status()).as("manager lists").isEqualTo(200);

        assertThat(changeRole(owner, lock, UUID.randomUUID(), "MEMBER").status()).as("no such share").isEqualTo(404);
        assertThat(changeRole(owner, lock, owner.id(), "MEMBER").error()).as("the owner has no share").isEqualTo("no such share");
        assertThat(changeRole(family, lock, family.id(), "MEMBER").status()).as("a manager cannot change roles").isEqualTo(403);
    }

    @Test
    @DisplayName("H3 a member cannot share (403), nor can a manager: sharing is the owner's")
    void onlyTheOwnerShares() {
        Person owner = person();
        Person member = person();
        Person manager = person();
        Person guest = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        share(owner, lock, member.email(), "MEMBER");
        share(owner, lock, manager.email(), "MANAGER");
        long shares = rows("shares");

        for (Person notOwner : new Person[] {member, manager}) {
            Api.Response refused = share(notOwner, lock, guest.email(), "MEMBER");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.error()).endsWith("this needs owner");
        }
        assertThat(rows("shares")).isEqualTo(shares);
    }

    @Test
    @DisplayName("H3 the owner stops sharing: the former member gets 404 on the lock")
    void revoke() {
        Person owner = person();
        Person family = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        share(owner, lock, family.email(), "MANAGER");

        Api.Response revoked = api.delete("/api/locks/" + lock + "/shares/" + family.id(), owner.changing());
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(shares(owner, lock).json().size()).isZero();
        Api.Response gone = api.get("/api/locks/" + lock + "/events", family.auth());
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.error()).isEqualTo("no such lock");
        assertThat(api.delete("/api/locks/" + lock + "/shares/" + family.id(), owner.changing()).status())
                .as("revoked twice").isEqualTo(404);
    }

    @Test
    @DisplayName("H3 a shared account may leave by itself, but may not remove another (403)")
    void leave() {
        Person owner = person();
        Person first = person();
        Person second = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        share(owner, lock, first.email(), "MANAGER");
        share(owner, lock, second.email(), "MEMBER");

        assertThat(api.delete("/api/locks/" + lock + "/shares/" + second.id(), first.changing()).status()).isEqualTo(403);
        assertThat(api.delete("/api/locks/" + lock + "/shares/" + second.id(), second.changing()).status()).isEqualTo(204);
        assertThat(shares(owner, lock).json().findValuesAsString("email")).containsExactly(first.email());
        assertThat(api.delete("/api/locks/" + lock + "/shares/" + owner.id(), owner.changing()).status())
                .as("the owner has no share to leave").isEqualTo(404);
    }

    @Test
    @DisplayName("H1 a stranger gets 404 'no such lock' on every sharing endpoint, and changes nothing")
    void strangers() {
        Person owner = person();
        Person family = person();
        Person stranger = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        share(owner, lock, family.email(), "MEMBER");
        long shares = rows("shares");

        for (UUID anyLock : new UUID[] {lock, UUID.randomUUID()}) {
            for (Api.Response response : new Api.Response[] {
                    shares(stranger, anyLock),
                    share(stranger, anyLock, family.email(), "MANAGER"),
                    changeRole(stranger, anyLock, family.id(), "MANAGER"),
                    api.delete("/api/locks/" + anyLock + "/shares/" + family.id(), stranger.changing()),
                    api.delete("/api/locks/" + anyLock + "/shares/" + stranger.id(), stranger.changing())}) {
                assertThat(response.status()).as(response.toString()).isEqualTo(404);
                assertThat(response.error()).isEqualTo("no such lock");
            }
        }
        assertThat(api.get("/api/locks/not-a-uuid/shares", stranger.auth()).error()).isEqualTo("no such lock");
        assertThat(rows("shares")).isEqualTo(shares);
        JsonNode list = shares(owner, lock).json();
        assertThat(list.get(0).get("role").asString()).isEqualTo("MEMBER");
    }

    private static String[] concat(String[] headers, String... more) {
        String[] all = new String[headers.length + more.length];
        System.arraycopy(headers, 0, all, 0, headers.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }
}
