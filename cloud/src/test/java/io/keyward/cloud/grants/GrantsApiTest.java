package io.keyward.cloud.grants;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.TestLocks;
import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.bluetooth.RevokedKeys;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.trust.DeviceGrant;
import io.keyward.protocol.trust.DeviceIds;
import io.keyward.protocol.trust.DeviceSigner;
import io.keyward.protocol.trust.GrantChain;
import io.keyward.protocol.trust.GrantRevocation;
import io.keyward.protocol.trust.ManagerRevocation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.security.interfaces.ECPublicKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, trust design §2 (kwdg1, kwdr1) and §7 over real HTTP: the cloud stores, lists and relays the
 * grants and revocations devices sign ({@link DeviceSigner} plays the devices), refuses what the lock would
 * refuse and what SPEC H3 forbids, with a reason code and nothing stored; it signs nothing itself.
 */
abstract class GrantsApiTest extends CloudTest {

    record Person(String email, UUID id, String session) {
        String[] auth() {
            return new String[] {"Cookie", "KW_SESSION=" + session, "X-Keyward", "1"};
        }
    }

    /** A lock in trust mode: its report lists the owner device (design §6). */
    record TrustLock(UUID id, String serial, Person owner, DeviceSigner ownerDevice) {
    }

    private Person person() {
        String email = signUp();
        return new Person(email, TestLocks.accountId(jdbc, email), signIn(email));
    }

    private void share(UUID lock, Person with, String role) {
        jdbc.sql("insert into shares (lock_id, account_id, role, created_at) values (:lock, :account, :role, current_timestamp)")
                .param("lock", lock).param("account", with.id()).param("role", role).update();
    }

    /** The account registers the device, as the app does when it opens a lock in trust mode (POST /api/devices). */
    private void register(Person who, DeviceSigner device, String name) {
        Api.Response r = api.postJson("/api/devices", Api.json(Map.of("deviceKey", device.deviceKey(),
                "agreeKey", device.agreeKey(), "name", name)), who.auth());
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
    }

    private void reportOwnerDevices(UUID lock, DeviceSigner... devices) {
        StringBuilder list = new StringBuilder();
        for (DeviceSigner d : devices) {
            list.append(list.isEmpty() ? "" : ",").append("{\"deviceId\":\"").append(d.deviceId())
                    .append("\",\"name\":\"Owner phone\",\"boundAt\":\"2026-12-06T04:00:00Z\",\"how\":\"PAIRING_QR\"}");
        }
        jdbc.sql("update locks set reported = :r, trust_mode = :trust where id = :id")
                .param("r", "{\"ownerDevices\":[" + list + "]}").param("trust", devices.length > 0).param("id", lock).update();
    }

    private TrustLock trustLock() {
        Person owner = person();
        UUID lock = TestLocks.create(jdbc, owner.id());
        DeviceSigner device = DeviceSigner.generate();
        register(owner, device, "Owner phone");
        reportOwnerDevices(lock, device);
        String serial = jdbc.sql("select serial from locks where id = :id").param("id", lock).query(String.class).single();
        return new TrustLock(lock, serial, owner, device);
    }

    private Instant now() {
        return clock.instant();
    }

    private String grant(DeviceSigner signer, TrustLock lock, DeviceSigner holder, Person account, KeyRole role) {
        return signer.grant(lock.serial(), holder.deviceKey(), account.id().toString(), role,
                now().minusSeconds(60), now().plus(Duration.ofDays(30)), now());
    }

    private Api.Response post(TrustLock lock, Person who, String token) {
        return api.postJson("/api/locks/" + lock.id() + "/grants", Api.json(Map.of("token", token)), who.auth());
    }

    private Api.Response revoke(TrustLock lock, Person who, String grantId, String token) {
        return api.postJson("/api/locks/" + lock.id() + "/grants/" + grantId + "/revocation",
                Api.json(Map.of("token", token)), who.auth());
    }

    /** A manager's device's revocation with its chain beside it (T7). */
    private Api.Response revoke(TrustLock lock, Person who, String grantId, String token, List<String> chain) {
        return api.postJson("/api/locks/" + lock.id() + "/grants/" + grantId + "/revocation",
                Api.json(Map.of("token", token, "chain", chain)), who.auth());
    }

    private JsonNode mine(TrustLock lock, Person who, DeviceSigner device) {
        Api.Response r = api.get("/api/locks/" + lock.id() + "/grants/mine?deviceId=" + device.deviceId(), who.auth());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private JsonNode list(TrustLock lock, Person who) {
        Api.Response r = api.get("/api/locks/" + lock.id() + "/grants", who.auth());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private JsonNode requests(TrustLock lock, Person who) {
        Api.Response r = api.get("/api/locks/" + lock.id() + "/device-requests", who.auth());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private long grants(TrustLock lock) {
        return jdbc.sql("select count(*) from device_grants where lock_id = :l").param("l", lock.id()).query(Long.class).single();
    }

    private long commands(TrustLock lock) {
        return jdbc.sql("select count(*) from lock_commands where lock_id = :l").param("l", lock.id()).query(Long.class).single();
    }

    private static Function<String, ECPublicKey> owners(DeviceSigner... devices) {
        return id -> {
            for (DeviceSigner d : devices) {
                if (d.deviceId().equals(id)) {
                    return d.publicKey();
                }
            }
            return null;
        };
    }

    private static void refused(Api.Response r, int status, String reason) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("reason").asString()).as(r.toString()).isEqualTo(reason);
        assertThat(r.json().get("error").asString()).isNotBlank();
    }

    @Test
    @DisplayName("§7 a member's device waits with its fingerprint; the owner device's grant is stored, listed and is the member's chain, which the lock's check accepts")
    void ownerGrantsMember() {
        TrustLock lock = trustLock();
        Person member = person();
        share(lock.id(), member, "MEMBER");
        DeviceSigner phone = DeviceSigner.generate();
        register(member, phone, "Bob's phone");

        assertThat(mine(lock, member, phone).get("status").asString()).isEqualTo("WAITING");
        JsonNode waiting = requests(lock, lock.owner());
        assertThat(waiting.size()).isEqualTo(1);
        assertThat(waiting.get(0).get("deviceId").asString()).isEqualTo(phone.deviceId());
        assertThat(waiting.get(0).get("fingerprint").asString()).isEqualTo(phone.fingerprint());
        assertThat(waiting.get(0).get("deviceName").asString()).isEqualTo("Bob's phone");
        assertThat(waiting.get(0).get("accountEmail").asString()).isEqualTo(member.email());
        assertThat(waiting.get(0).get("role").asString()).isEqualTo("MEMBER");
        assertThat(waiting.get(0).get("deviceKey").asString()).isEqualTo(phone.deviceKey());

        String token = grant(lock.ownerDevice(), lock, phone, member, KeyRole.MEMBER);
        Api.Response stored = post(lock, lock.owner(), token);
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        String grantId = DeviceGrant.decode(token).value().grantId();
        assertThat(stored.json().get("grantId").asString()).isEqualTo(grantId);
        assertThat(stored.json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(stored.json().get("working").asBoolean()).isTrue();

        JsonNode listed = list(lock, lock.owner()).get(0);
        assertThat(listed.get("fingerprint").asString()).isEqualTo(phone.fingerprint());
        assertThat(listed.get("deviceName").asString()).isEqualTo("Bob's phone");
        assertThat(listed.get("accountEmail").asString()).isEqualTo(member.email());
        assertThat(listed.get("role").asString()).isEqualTo("MEMBER");
        assertThat(listed.get("token").asString()).isEqualTo(token);
        assertThat(listed.get("revokeAdvised").asBoolean()).isFalse();
        assertThat(listed.get("revokedAt").isNull()).isTrue();
        assertThat(requests(lock, lock.owner()).size()).as("granted: no longer waiting").isZero();

        JsonNode chain = mine(lock, member, phone);
        assertThat(chain.get("status").asString()).isEqualTo("GRANTED");
        assertThat(chain.get("role").asString()).isEqualTo("MEMBER");
        assertThat(chain.get("joined").asString()).isEqualTo(token);
        Outcome<DeviceGrant> atLock = GrantChain.check(GrantChain.split(chain.get("joined").asString()), lock.serial(),
                now(), owners(lock.ownerDevice()), new RevokedKeys());
        assertThat(atLock.isOk()).as("the lock's own check accepts the chain: %s", atLock).isTrue();
        assertThat(atLock.value().holderId()).isEqualTo(phone.deviceId());

        Api.Response again = post(lock, lock.owner(), token);
        assertThat(again.status()).as("the same token again: stored once").isEqualTo(200);
        assertThat(grants(lock)).isEqualTo(1);
    }

    @Test
    @DisplayName("§2, H3 refusals with the design's reason codes, 400 or 409, nothing stored; a member 403, a stranger 404")
    void refusals() {
        TrustLock lock = trustLock();
        Person member = person();
        Person stranger = person();
        share(lock.id(), member, "MEMBER");
        DeviceSigner phone = DeviceSigner.generate();
        register(member, phone, "Bob's phone");
        DeviceSigner strangersPhone = DeviceSigner.generate();
        register(stranger, strangersPhone, "Eve's phone");
        DeviceSigner rogue = DeviceSigner.generate();
        register(stranger, rogue, "Eve's laptop");
        DeviceSigner owner = lock.ownerDevice();

        refused(post(lock, lock.owner(), "kwdg1.garbage.x"), 400, "MALFORMED");
        refused(post(lock, lock.owner(), ""), 400, "MALFORMED");
        refused(post(lock, lock.owner(), owner.grant("KW-OTHER", phone.deviceKey(), member.id().toString(),
                KeyRole.MEMBER, now(), now().plus(Duration.ofDays(1)), now())), 400, "WRONG_LOCK");
        refused(post(lock, lock.owner(), grant(rogue, lock, phone, member, KeyRole.MEMBER)), 409, "UNKNOWN_SIGNER");
        DeviceGrant claimsOwner = owner.grantOf(lock.serial(), phone.deviceKey(), member.id().toString(), KeyRole.MEMBER,
                now(), now().plus(Duration.ofDays(1)), now());
        refused(post(lock, lock.owner(), claimsOwner.sign(rogue.signingKey())), 400, "FORGED");
        refused(post(lock, lock.owner(), owner.grant(lock.serial(), phone.deviceKey(), member.id().toString(),
                KeyRole.MEMBER, now().minus(Duration.ofDays(2)), now().minus(Duration.ofDays(1)), now())), 409, "EXPIRED");
        refused(post(lock, lock.owner(), grant(owner, lock, phone, member, KeyRole.MANAGER)), 409, "ROLE_ABOVE_SHARING");
        refused(post(lock, lock.owner(), grant(owner, lock, strangersPhone, stranger, KeyRole.MEMBER)), 409, "HOLDER_NOT_SHARED");
        refused(post(lock, lock.owner(), grant(owner, lock, DeviceSigner.generate(), member, KeyRole.MEMBER)), 409,
                "DEVICE_NOT_REGISTERED");
        refused(post(lock, lock.owner(), grant(owner, lock, phone, stranger, KeyRole.MEMBER)), 400, "ACCOUNT_MISMATCH");
        refused(post(lock, lock.owner(), grant(owner, lock, owner, lock.owner(), KeyRole.OWNER)), 409, "HOLDER_IS_OWNER_DEVICE");
        DeviceSigner ownersLaptop = DeviceSigner.generate();
        register(lock.owner(), ownersLaptop, "Owner's laptop");
        refused(post(lock, lock.owner(), grant(owner, lock, ownersLaptop, lock.owner(), KeyRole.OWNER)), 409,
                "ROLE_ABOVE_SHARING"); // OWNER is what the lock gives a device bound at its door

        // an owner device the cloud was never told the key of (it never registered)
        DeviceSigner unregistered = DeviceSigner.generate();
        reportOwnerDevices(lock.id(), owner, unregistered);
        refused(post(lock, lock.owner(), grant(unregistered, lock, phone, member, KeyRole.MEMBER)), 409, "SIGNER_NOT_REGISTERED");

        // a lock with no owner device yet
        UUID plain = TestLocks.create(jdbc, lock.owner().id());
        share(plain, member, "MEMBER");
        String plainSerial = jdbc.sql("select serial from locks where id = :id").param("id", plain).query(String.class).single();
        Api.Response notTrust = api.postJson("/api/locks/" + plain + "/grants", Api.json(Map.of("token",
                owner.grant(plainSerial, phone.deviceKey(), member.id().toString(), KeyRole.MEMBER, now(),
                        now().plus(Duration.ofDays(1)), now()))), lock.owner().auth());
        refused(notTrust, 409, "NOT_TRUST_MODE");

        String good = grant(owner, lock, phone, member, KeyRole.MEMBER);
        assertThat(post(lock, member, good).status()).as("a member cannot store grants").isEqualTo(403);
        assertThat(post(lock, stranger, good).status()).as("a stranger sees no lock").isEqualTo(404);
        assertThat(api.get("/api/locks/" + lock.id() + "/grants", member.auth()).status()).isEqualTo(403);
        assertThat(api.get("/api/locks/" + lock.id() + "/device-requests", member.auth()).status()).isEqualTo(403);
        assertThat(api.get("/api/locks/" + lock.id() + "/grants/mine?deviceId=" + strangersPhone.deviceId(), member.auth())
                .status()).as("another account's device").isEqualTo(404);
        assertThat(api.get("/api/locks/" + lock.id() + "/grants/mine?deviceId=nonsense", member.auth()).status()).isEqualTo(404);
        assertThat(grants(lock)).as("nothing stored by any refusal").isZero();

        Api.Response laptop = post(lock, lock.owner(), grant(owner, lock, ownersLaptop, lock.owner(), KeyRole.MANAGER));
        assertThat(laptop.status()).as("the owner's other browser, up to MANAGER: " + laptop).isEqualTo(201);
        assertThat(requests(lock, lock.owner()).size()).as("the owner's own devices are not 'shared devices'").isEqualTo(1);
    }

    @Test
    @DisplayName("§2 a manager's device grants a member's device: the chain is [leaf, parent]; a manager cannot grant MANAGER")
    void managerChain() {
        TrustLock lock = trustLock();
        Person manager = person();
        Person member = person();
        share(lock.id(), manager, "MANAGER");
        share(lock.id(), member, "MEMBER");
        DeviceSigner managersPhone = DeviceSigner.generate();
        DeviceSigner phone = DeviceSigner.generate();
        register(manager, managersPhone, "Carol's phone");
        register(member, phone, "Bob's phone");

        String parent = grant(lock.ownerDevice(), lock, managersPhone, manager, KeyRole.MANAGER);
        assertThat(post(lock, lock.owner(), parent).status()).isEqualTo(201);
        String leaf = managersPhone.grant(lock.serial(), phone.deviceKey(), member.email(), KeyRole.MEMBER,
                now(), now().plus(Duration.ofDays(7)), now());
        Api.Response stored = post(lock, manager, leaf);
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        assertThat(stored.json().get("parentId").asString()).isEqualTo(DeviceGrant.decode(parent).value().grantId());

        JsonNode chain = mine(lock, member, phone);
        assertThat(chain.get("chain").size()).isEqualTo(2);
        assertThat(chain.get("joined").asString()).isEqualTo(leaf + "~" + parent);
        assertThat(GrantChain.check(GrantChain.split(chain.get("joined").asString()), lock.serial(), now(),
                owners(lock.ownerDevice()), new RevokedKeys()).isOk()).isTrue();

        DeviceSigner another = DeviceSigner.generate();
        register(manager, another, "Carol's tablet");
        refused(post(lock, manager, managersPhone.grant(lock.serial(), another.deviceKey(), manager.id().toString(),
                KeyRole.MANAGER, now(), now().plus(Duration.ofDays(1)), now())), 400, "ROLE_NOT_ALLOWED");
        refused(post(lock, manager, managersPhone.grant(lock.serial(), another.deviceKey(), manager.id().toString(),
                KeyRole.MEMBER, now(), now().plus(Duration.ofDays(90)), now())), 400, "ROLE_NOT_ALLOWED");
        assertThat(grants(lock)).isEqualTo(2);
    }

    @Test
    @DisplayName("§2 kwdr1 an owner device's revocation: queued as REVOKE_GRANT, listed with the Bluetooth revocations, the chain REVOKED; refusals change nothing")
    void revocation() throws Exception {
        TrustLock lock = trustLock();
        Person member = person();
        Person manager = person();
        share(lock.id(), member, "MEMBER");
        share(lock.id(), manager, "MANAGER");
        DeviceSigner phone = DeviceSigner.generate();
        DeviceSigner managersPhone = DeviceSigner.generate();
        register(member, phone, "Bob's phone");
        register(manager, managersPhone, "Carol's phone");
        String token = grant(lock.ownerDevice(), lock, phone, member, KeyRole.MEMBER);
        post(lock, lock.owner(), token);
        post(lock, lock.owner(), grant(lock.ownerDevice(), lock, managersPhone, manager, KeyRole.MANAGER));
        DeviceGrant g = DeviceGrant.decode(token).value();

        refused(revoke(lock, lock.owner(), g.grantId(), "kwdr1.nope.nope"), 400, "MALFORMED");
        refused(revoke(lock, manager, g.grantId(), managersPhone.revocation(lock.serial(), g.grantId(), g.validUntil(), now())),
                409, "UNKNOWN_SIGNER");
        refused(revoke(lock, lock.owner(), g.grantId(), lock.ownerDevice().revocation(lock.serial(), UUID.randomUUID().toString(),
                g.validUntil(), now())), 400, "GRANT_MISMATCH");
        refused(revoke(lock, lock.owner(), g.grantId(), lock.ownerDevice().revocation(lock.serial(), g.grantId(),
                g.validUntil().minusSeconds(60), now())), 400, "BAD_GRANT_UNTIL");
        refused(revoke(lock, lock.owner(), g.grantId(), lock.ownerDevice().revocation("KW-OTHER", g.grantId(),
                g.validUntil(), now())), 400, "WRONG_LOCK");
        assertThat(revoke(lock, lock.owner(), UUID.randomUUID().toString(), "x").status()).isEqualTo(404);
        assertThat(revoke(lock, member, g.grantId(), "x").status()).as("a member cannot revoke").isEqualTo(403);
        assertThat(commands(lock)).as("no refusal queued anything").isZero();

        String revocation = lock.ownerDevice().revocation(lock.serial(), g.grantId(), g.validUntil(), now());
        Api.Response revoked = revoke(lock, manager, g.grantId(), revocation);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.json().get("revocation").asString()).isEqualTo(revocation);
        assertThat(revoked.json().get("note").asString()).contains("offline");

        String body = jdbc.sql("select body from lock_commands where lock_id = :l and status = 'PENDING'")
                .param("l", lock.id()).query(String.class).single();
        assertThat(LockCommands.parse(body)).isEqualTo(new LockCommand.RevokeGrant(revocation));
        JsonNode carried = api.get("/api/locks/" + lock.id() + "/bluetooth-revocations", member.auth()).json()
                .get("revocations");
        assertThat(carried.size()).isEqualTo(1);
        assertThat(carried.get(0).asString()).as("every app of the lock carries it").isEqualTo(revocation);
        RevokedKeys atLock = new RevokedKeys();
        assertThat(GrantRevocation.apply(carried.get(0).asString(), lock.serial(), owners(lock.ownerDevice()), atLock).isOk())
                .isTrue();
        assertThat(GrantChain.check(List.of(token), lock.serial(), now(), owners(lock.ownerDevice()), atLock).reason())
                .as("the lock that applied it refuses the grant").isEqualTo(Refusal.REVOKED);

        JsonNode revokedChain = mine(lock, member, phone);
        assertThat(revokedChain.get("status").asString()).isEqualTo("REVOKED");
        assertThat(revokedChain.get("joined").asString()).as("the device may still try it: the lock says REVOKED")
                .isEqualTo(token);
        JsonNode listed = list(lock, lock.owner());
        JsonNode row = listed.get(0).get("grantId").asString().equals(g.grantId()) ? listed.get(0) : listed.get(1);
        assertThat(row.get("status").asString()).isEqualTo("REVOKED");
        assertThat(row.get("working").asBoolean()).isFalse();
        assertThat(requests(lock, lock.owner()).get(0).get("deviceId").asString())
                .as("the device waits again").isEqualTo(phone.deviceId());

        Api.Response again = revoke(lock, lock.owner(), g.grantId(), revocation);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("note").asString()).isEqualTo("revoked already");
        assertThat(commands(lock)).as("queued once").isEqualTo(1);
    }

    @Test
    @DisplayName("SPEC T7 a manager's device revokes the member grant it signed, with its chain: queued as REVOKE_GRANT with chain and grant, listed as kwdr1~grant~chain, which the lock's check accepts; refused: no chain, a bad chain, another device's chain, a MANAGER grant, a member's signature; a member account 403")
    void managerRevocation() throws Exception {
        TrustLock lock = trustLock();
        Person manager = person();
        Person member = person();
        share(lock.id(), manager, "MANAGER");
        share(lock.id(), member, "MEMBER");
        DeviceSigner managersPhone = DeviceSigner.generate();
        DeviceSigner phone = DeviceSigner.generate();
        register(manager, managersPhone, "Carol's phone");
        register(member, phone, "Bob's phone");
        String parent = grant(lock.ownerDevice(), lock, managersPhone, manager, KeyRole.MANAGER);
        assertThat(post(lock, lock.owner(), parent).status()).isEqualTo(201);
        String leaf = managersPhone.grant(lock.serial(), phone.deviceKey(), member.email(), KeyRole.MEMBER,
                now(), now().plus(Duration.ofDays(7)), now());
        assertThat(post(lock, manager, leaf).status()).isEqualTo(201);
        DeviceGrant g = DeviceGrant.decode(leaf).value();
        DeviceGrant p = DeviceGrant.decode(parent).value();
        String token = managersPhone.revocation(lock.serial(), g.grantId(), g.validUntil(), now());

        refused(revoke(lock, manager, g.grantId(), token), 409, "UNKNOWN_SIGNER");
        refused(revoke(lock, manager, g.grantId(), token, List.of("kwdg1.nope.nope")), 400, "MALFORMED");
        refused(revoke(lock, manager, g.grantId(), token, List.of(parent, parent, parent)), 400, "MALFORMED");
        refused(revoke(lock, manager, g.grantId(), token, List.of(leaf, parent)), 409, "UNKNOWN_SIGNER");
        refused(revoke(lock, manager, p.grantId(), managersPhone.revocation(lock.serial(), p.grantId(), p.validUntil(), now()),
                List.of(parent)), 400, "ROLE_NOT_ALLOWED");
        refused(revoke(lock, manager, g.grantId(), phone.revocation(lock.serial(), g.grantId(), g.validUntil(), now()),
                List.of(leaf, parent)), 400, "ROLE_NOT_ALLOWED");
        refused(revoke(lock, manager, g.grantId(), managersPhone.revocation(lock.serial(), g.grantId(),
                g.validUntil().minusSeconds(60), now()), List.of(parent)), 400, "BAD_GRANT_UNTIL");
        assertThat(revoke(lock, member, g.grantId(), token, List.of(parent)).status()).as("a member cannot revoke").isEqualTo(403);
        assertThat(commands(lock)).as("no refusal queued anything").isZero();

        Api.Response revoked = revoke(lock, manager, g.grantId(), token, List.of(parent));
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.json().get("revocation").asString()).isEqualTo(token);
        String body = jdbc.sql("select body from lock_commands where lock_id = :l and status = 'PENDING'")
                .param("l", lock.id()).query(String.class).single();
        assertThat(LockCommands.parse(body)).isEqualTo(new LockCommand.RevokeGrant(token, List.of(parent), leaf));

        JsonNode carried = api.get("/api/locks/" + lock.id() + "/bluetooth-revocations", member.auth()).json()
                .get("revocations");
        assertThat(carried.size()).isEqualTo(1);
        assertThat(carried.get(0).asString()).isEqualTo(token + "~" + leaf + "~" + parent);
        ManagerRevocation.Carried parts = ManagerRevocation.split(carried.get(0).asString());
        RevokedKeys atLock = new RevokedKeys();
        var accepted = ManagerRevocation.verify(parts.token(), parts.proof(), lock.serial(), now(), owners(lock.ownerDevice()), atLock);
        assertThat(accepted.isOk()).as("%s", accepted).isTrue();
        atLock.revoke(accepted.value().revokedId(), g.validUntil());
        assertThat(GrantChain.check(List.of(leaf, parent), lock.serial(), now(), owners(lock.ownerDevice()), atLock).reason())
                .as("the lock that applied it refuses the member's chain").isEqualTo(Refusal.REVOKED);
        assertThat(mine(lock, member, phone).get("status").asString()).isEqualTo("REVOKED");
        assertThat(revoke(lock, manager, g.grantId(), token, List.of(parent)).json().get("note").asString())
                .isEqualTo("revoked already");
        assertThat(commands(lock)).as("queued once").isEqualTo(1);
    }

    @Test
    @DisplayName("H3 stopping sharing marks the account's grants 'revoke on an owner device'; a removed owner device's grants stop working and the device waits again")
    void sharingStoppedAndSignerRemoved() {
        TrustLock lock = trustLock();
        Person member = person();
        share(lock.id(), member, "MEMBER");
        DeviceSigner phone = DeviceSigner.generate();
        register(member, phone, "Bob's phone");
        post(lock, lock.owner(), grant(lock.ownerDevice(), lock, phone, member, KeyRole.MEMBER));

        Api.Response removed = api.delete("/api/locks/" + lock.id() + "/shares/" + member.id(), lock.owner().auth());
        assertThat(removed.status()).as(removed.toString()).isBetween(200, 204);
        JsonNode row = list(lock, lock.owner()).get(0);
        assertThat(row.get("revokeAdvised").asBoolean()).isTrue();
        assertThat(row.get("status").asString()).as("the cloud cannot revoke it itself").isEqualTo("ACTIVE");
        assertThat(api.get("/api/locks/" + lock.id() + "/grants/mine?deviceId=" + phone.deviceId(), member.auth())
                .status()).isEqualTo(404);

        share(lock.id(), member, "MEMBER");
        assertThat(list(lock, lock.owner()).get(0).get("revokeAdvised").asBoolean()).isFalse();
        DeviceSigner newOwnerPhone = DeviceSigner.generate();
        register(lock.owner(), newOwnerPhone, "New phone");
        reportOwnerDevices(lock.id(), newOwnerPhone);
        JsonNode orphan = list(lock, lock.owner()).get(0);
        assertThat(orphan.get("working").asBoolean()).isFalse();
        assertThat(orphan.get("signerRemoved").asBoolean()).isTrue();
        assertThat(mine(lock, member, phone).get("status").asString()).isEqualTo("WAITING");
        assertThat(requests(lock, lock.owner()).get(0).get("deviceId").asString()).isEqualTo(phone.deviceId());
        assertThat(DeviceIds.fingerprint(phone.deviceId())).isEqualTo(orphan.get("fingerprint").asString());
    }

    // ---- SPEC E3 on a lock in trust mode: a visitor's pairing code asks, an owner's device grants (design §7) ----

    /** The owner's pairing code for a visitor on the lock (SPEC E3): the code and the invite's id. */
    private JsonNode invite(TrustLock lock, Instant from, Instant until) {
        Api.Response r = api.postJson("/api/locks/" + lock.id() + "/bluetooth-invites", Api.json(Map.of(
                "validFrom", from.toString(), "validUntil", until.toString(), "name", "Dana, plumber")), lock.owner().auth());
        assertThat(r.status()).as("E3 the owner makes a code on a lock in trust mode too: " + r).isEqualTo(201);
        return r.json();
    }

    private Api.Response redeem(Person who, String code, DeviceSigner device) {
        return api.postJson("/api/bluetooth-invites/redeem", Api.json(Map.of("code", code, "deviceKey", device.deviceKey())),
                who.auth());
    }

    private Api.Response answer(TrustLock lock, Person who, String token, Object inviteId) {
        return api.postJson("/api/locks/" + lock.id() + "/grants", Api.json(Map.of("token", token, "inviteId", inviteId)),
                who.auth());
    }

    private String visitorGrant(TrustLock lock, DeviceSigner holder, String account, KeyRole role, Instant from, Instant until) {
        return lock.ownerDevice().grant(lock.serial(), holder.deviceKey(), account, role, from, until, now());
    }

    @Test
    @DisplayName("§7 + E3 on a lock in trust mode: redeeming a pairing code answers 202 WAITING with the device's fingerprint and makes "
            + "no key; the owner's device requests list it as kind VISITOR with the invite's id, name and period; the visitor reads "
            + "its own chain (WAITING, then GRANTED) and nothing else of the lock; a stranger 404")
    void visitorRequestWaits() {
        TrustLock lock = trustLock();
        Instant from = now().minus(Duration.ofMinutes(1));
        Instant until = now().plus(Duration.ofDays(2));
        JsonNode invite = invite(lock, from, until);
        Person visitor = person();
        Person stranger = person();
        DeviceSigner phone = DeviceSigner.generate();

        Api.Response asked = redeem(visitor, invite.get("code").asString(), phone);
        assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
        assertThat(asked.json().get("status").asString()).isEqualTo("WAITING");
        assertThat(asked.json().get("fingerprint").asString()).isEqualTo(phone.fingerprint());
        assertThat(asked.json().get("deviceId").asString()).isEqualTo(phone.deviceId());
        assertThat(asked.json().get("inviteId").asString()).isEqualTo(invite.get("id").asString());
        assertThat(asked.json().get("lockId").asString()).isEqualTo(lock.id().toString());
        assertThat(asked.json().get("message").asString()).contains("waiting for the owner").contains(phone.fingerprint());
        assertThat(asked.json().has("token")).as("no key: the cloud signs nothing").isFalse();
        assertThat(jdbc.sql("select count(*) from bluetooth_keys where lock_id = :l").param("l", lock.id())
                .query(Long.class).single()).isZero();
        Api.Response again = redeem(visitor, invite.get("code").asString(), phone);
        assertThat(again.status()).as("the same visitor and device again: the same request").isEqualTo(202);
        assertThat(redeem(visitor, invite.get("code").asString(), DeviceSigner.generate()).status())
                .as("another device of the visitor: the code is taken").isEqualTo(409);
        assertThat(redeem(stranger, invite.get("code").asString(), phone).status()).as("another account").isEqualTo(409);

        JsonNode requests = requests(lock, lock.owner());
        assertThat(requests.size()).isEqualTo(1);
        JsonNode request = requests.get(0);
        assertThat(request.get("kind").asString()).isEqualTo("VISITOR");
        assertThat(request.get("role").asString()).isEqualTo("VISITOR");
        assertThat(request.get("inviteId").asString()).isEqualTo(invite.get("id").asString());
        assertThat(request.get("inviteName").asString()).isEqualTo("Dana, plumber");
        assertThat(Instant.parse(request.get("validFrom").asString())).isEqualTo(from.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(Instant.parse(request.get("validUntil").asString())).isEqualTo(until.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(request.get("fingerprint").asString()).isEqualTo(phone.fingerprint());
        assertThat(request.get("deviceKey").asString()).isEqualTo(phone.deviceKey());
        assertThat(request.get("accountEmail").asString()).isEqualTo(visitor.email());

        JsonNode waiting = mine(lock, visitor, phone);
        assertThat(waiting.get("status").asString()).isEqualTo("WAITING");
        assertThat(waiting.get("fingerprint").asString()).isEqualTo(phone.fingerprint());
        String path = "/api/locks/" + lock.id();
        for (String other : List.of(path, path + "/grants", path + "/device-requests", path + "/events", path + "/shares")) {
            assertThat(api.get(other, visitor.auth()).status()).as("a visitor sees nothing else of the lock: " + other)
                    .isEqualTo(404);
        }
        assertThat(api.get(path + "/grants/mine?deviceId=" + DeviceSigner.generate().deviceId(), visitor.auth()).status())
                .as("not the device it redeemed with").isEqualTo(404);
        assertThat(api.get(path + "/grants/mine?deviceId=" + phone.deviceId(), stranger.auth()).status())
                .as("a stranger: no such lock").isEqualTo(404);
        assertThat(api.get(path + "/bluetooth-revocations", visitor.auth()).status())
                .as("the visitor's app carries the lock's revocations").isEqualTo(200);
        assertThat(api.get(path + "/bluetooth-revocations", stranger.auth()).status()).isEqualTo(404);
        JsonNode listed = api.get("/api/bluetooth/visitor-requests", visitor.auth()).json();
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).get("status").asString()).isEqualTo("WAITING");
        assertThat(api.get("/api/bluetooth/visitor-requests", stranger.auth()).json().size()).isZero();
    }

    @Test
    @DisplayName("§7 + E3 the answer to a visitor's request: another role (VISITOR_ROLE), another holder (VISITOR_HOLDER), another or "
            + "longer period (VISITOR_PERIOD), another account (ACCOUNT_MISMATCH): 400, nothing stored; an unknown request 404; the right "
            + "grant 201, the invite redeemed, the visitor's chain GRANTED and accepted by the lock's check; the code again 409, "
            + "a second grant for the request 409 REQUEST_ANSWERED")
    void visitorGrantMustMatchTheRequest() {
        TrustLock lock = trustLock();
        Instant from = now().minus(Duration.ofMinutes(1));
        Instant until = now().plus(Duration.ofDays(2));
        JsonNode invite = invite(lock, from, until);
        String inviteId = invite.get("id").asString();
        Person visitor = person();
        DeviceSigner phone = DeviceSigner.generate();
        assertThat(redeem(visitor, invite.get("code").asString(), phone).status()).isEqualTo(202);
        String account = visitor.id().toString();

        refused(answer(lock, lock.owner(), visitorGrant(lock, phone, account, KeyRole.MEMBER, from, until), inviteId), 400, "VISITOR_ROLE");
        refused(answer(lock, lock.owner(), visitorGrant(lock, DeviceSigner.generate(), account, KeyRole.VISITOR, from, until), inviteId),
                400, "VISITOR_HOLDER");
        refused(answer(lock, lock.owner(), visitorGrant(lock, phone, account, KeyRole.VISITOR, from, until.plus(Duration.ofDays(1))),
                inviteId), 400, "VISITOR_PERIOD");
        refused(answer(lock, lock.owner(), visitorGrant(lock, phone, account, KeyRole.VISITOR, from.minusSeconds(60), until),
                inviteId), 400, "VISITOR_PERIOD");
        refused(answer(lock, lock.owner(), visitorGrant(lock, phone, account, KeyRole.VISITOR, from, until.minusSeconds(60)),
                inviteId), 400, "VISITOR_PERIOD");
        refused(answer(lock, lock.owner(), visitorGrant(lock, phone, lock.owner().id().toString(), KeyRole.VISITOR, from, until),
                inviteId), 400, "ACCOUNT_MISMATCH");
        refused(answer(lock, lock.owner(), visitorGrant(lock, phone, account, KeyRole.VISITOR, from, until),
                UUID.randomUUID().toString()), 404, "NO_SUCH_REQUEST");
        refused(post(lock, lock.owner(), visitorGrant(lock, phone, account, KeyRole.VISITOR, from, until)), 409,
                "DEVICE_NOT_REGISTERED"); // without the request a visitor is no shared account (H3)
        refused(answer(lock, lock.owner(), DeviceSigner.generate().grant(lock.serial(), phone.deviceKey(), account, KeyRole.VISITOR,
                from, until, now()), inviteId), 409, "UNKNOWN_SIGNER");
        assertThat(grants(lock)).as("nothing stored by any refusal").isZero();
        assertThat(api.get("/api/locks/" + lock.id(), visitor.auth()).status()).isEqualTo(404);

        String token = visitorGrant(lock, phone, visitor.email(), KeyRole.VISITOR, from, until);
        Api.Response stored = answer(lock, lock.owner(), token, inviteId);
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        assertThat(stored.json().get("role").asString()).isEqualTo("VISITOR");
        assertThat(stored.json().get("accountId").asString()).isEqualTo(account);
        assertThat(stored.json().get("working").asBoolean()).isTrue();
        assertThat(stored.json().get("revokeAdvised").asBoolean()).as("a visitor's grant rests on no sharing").isFalse();
        String grantId = DeviceGrant.decode(token).value().grantId();
        Map<String, Object> row = jdbc.sql("select redeemed_at, redeemed_by, grant_id from bluetooth_invites where id = :id")
                .param("id", UUID.fromString(inviteId)).query().singleRow();
        assertThat(row.get("redeemed_at")).as("E3 the invite is redeemed").isNotNull();
        assertThat(row.get("redeemed_by")).isEqualTo(visitor.id());
        assertThat(row.get("grant_id")).isEqualTo(grantId);
        assertThat(requests(lock, lock.owner()).size()).as("no longer waiting").isZero();

        JsonNode chain = mine(lock, visitor, phone);
        assertThat(chain.get("status").asString()).isEqualTo("GRANTED");
        assertThat(chain.get("role").asString()).isEqualTo("VISITOR");
        assertThat(chain.get("joined").asString()).isEqualTo(token);
        Outcome<DeviceGrant> atLock = GrantChain.check(GrantChain.split(chain.get("joined").asString()), lock.serial(), now(),
                owners(lock.ownerDevice()), new RevokedKeys());
        assertThat(atLock.isOk()).as("the lock's own check accepts it: %s", atLock).isTrue();
        assertThat(atLock.value().role()).isEqualTo(KeyRole.VISITOR);
        assertThat(api.get("/api/bluetooth/visitor-requests", visitor.auth()).json().get(0).get("status").asString())
                .isEqualTo("GRANTED");

        assertThat(answer(lock, lock.owner(), token, inviteId).status()).as("the same token again").isEqualTo(200);
        refused(answer(lock, lock.owner(), visitorGrant(lock, phone, account, KeyRole.VISITOR, from, until), inviteId), 409,
                "REQUEST_ANSWERED");
        Api.Response twice = redeem(visitor, invite.get("code").asString(), phone);
        assertThat(twice.status()).as("E3 a code works once: " + twice).isEqualTo(409);
        assertThat(grants(lock)).isEqualTo(1);
    }

    @Test
    @DisplayName("§7 + E3 a manager's device may answer a visitor's request (chain [leaf, parent]); a code not redeemed within 24 hours "
            + "is 410 as before and asks for nothing; a lock without owner devices still gets a cloud-signed key (201)")
    void visitorEdges() {
        TrustLock lock = trustLock();
        Person manager = person();
        share(lock.id(), manager, "MANAGER");
        DeviceSigner managersPhone = DeviceSigner.generate();
        register(manager, managersPhone, "Carol's phone");
        assertThat(post(lock, lock.owner(), grant(lock.ownerDevice(), lock, managersPhone, manager, KeyRole.MANAGER)).status())
                .isEqualTo(201);
        Instant from = now();
        Instant until = now().plus(Duration.ofDays(1));
        JsonNode invite = invite(lock, from, until);
        Person visitor = person();
        DeviceSigner phone = DeviceSigner.generate();
        assertThat(redeem(visitor, invite.get("code").asString(), phone).status()).isEqualTo(202);
        String leaf = managersPhone.grant(lock.serial(), phone.deviceKey(), visitor.id().toString(), KeyRole.VISITOR,
                from, until, now());
        Api.Response stored = answer(lock, manager, leaf, invite.get("id").asString());
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        assertThat(mine(lock, visitor, phone).get("chain").size()).isEqualTo(2);

        JsonNode late = invite(lock, now(), now().plus(Duration.ofDays(3)));
        clock.advance(Duration.ofHours(24));
        try {
            Api.Response expired = redeem(person(), late.get("code").asString(), DeviceSigner.generate());
            assertThat(expired.status()).as(expired.toString()).isEqualTo(410);
            assertThat(requests(lock, lock.owner()).size()).as("no request").isZero();
        } finally {
            clock.advance(Duration.ofHours(-24));
        }

        UUID plain = TestLocks.create(jdbc, lock.owner().id());
        Api.Response made = api.postJson("/api/locks/" + plain + "/bluetooth-invites", Api.json(Map.of(
                "validFrom", now().toString(), "validUntil", now().plus(Duration.ofDays(1)).toString())), lock.owner().auth());
        assertThat(made.status()).isEqualTo(201);
        Api.Response key = redeem(visitor, made.json().get("code").asString(), DeviceSigner.generate());
        assertThat(key.status()).as("unprotected lock: as before: " + key).isEqualTo(201);
        assertThat(key.json().get("token").asString()).startsWith("kwbk1");
    }
}
