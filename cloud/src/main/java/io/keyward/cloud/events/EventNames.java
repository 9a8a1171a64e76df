package io.keyward.cloud.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The one place where an event's codes become the names people gave (issue 14 item 3): the lock user
 * by the name the lock reports, the account that asked by its display name (the lock writes "account
 * sam@example.com"), a visitor passcode ("ONE_TIME/8111/0") and a visitor's Bluetooth key by the name
 * given when it was issued, a Bluetooth key ("bluetooth-key:...") by its holder, and a fingerprint,
 * face or passcode by its name (credential_names, V36, kept by the names package). The events list, alerts and webhook payloads
 * all add these same names beside the lock's own fields, which stay as they are.
 */
@Component
public class EventNames {

    /** The names of an event; each null when the event names no such thing, or nobody named it. */
    @Schema(name = "EventNames", description = "People's names for what the event names by code (issue 14)")
    public record Names(
            @Schema(description = "the lock user's name, as the lock reports it") String user,
            @Schema(description = "the display name of the account that asked, or that holds the Bluetooth key") String account,
            @Schema(description = "the name given to the visitor passcode or visitor's Bluetooth key") String visitor,
            @Schema(description = "the name given to the fingerprint, face or passcode") String credential) {

        static final Names NONE = new Names(null, null, null, null);

        /** Whether any name is known (webhook payloads add the field only then). */
        public boolean any() {
            return user != null || account != null || visitor != null || credential != null;
        }
    }

    /** One event's fields that name things, as the lock sent them. */
    public record Subject(Integer user, String method, String credential, String detail) {
    }

    /** How the lock writes the account that asked: "account sam@example.com" (and "(ROLE)" or ":" after). */
    private static final Pattern ACCOUNT = Pattern.compile("\\baccount ([^\\s,:()]+@[^\\s,:()]+)");
    /** A visitor passcode's id as the lock writes it (E1-E3): kind/start hour/variant. */
    private static final Pattern VISITOR_CODE = Pattern.compile("^(ONE_TIME|PERIODIC)/(\\d{1,9})/(\\d{1,4})$");
    private static final String BLUETOOTH_KEY = "bluetooth-key:";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    EventNames(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A resolver for one lock's events: each table is read once, on first need, for a whole page. */
    public Resolver forLock(UUID lockId) {
        return new Resolver(lockId);
    }

    /** The names of one event (alerts and webhooks: one event at a time). */
    public Names of(UUID lockId, Subject subject) {
        return forLock(lockId).names(subject);
    }

    public final class Resolver {
        private final UUID lockId;
        private Map<Integer, String> users;
        private Map<String, String> credentials;
        private final Map<String, Optional<String>> accounts = new HashMap<>();
        private final Map<String, Optional<String>> visitors = new HashMap<>();
        private final Map<String, Optional<String[]>> keys = new HashMap<>();

        private Resolver(UUID lockId) {
            this.lockId = lockId;
        }

        public Names names(Subject e) {
            String user = e.user() == null ? null : users().get(e.user());
            String credential = e.user() == null || e.credential() == null ? null
                    : credentials().get(e.user() + "/" + e.credential());
            String account = null;
            String visitor = null;
            if (e.detail() != null) {
                Matcher m = ACCOUNT.matcher(e.detail());
                if (m.find()) {
                    account = account(m.group(1));
                }
                Matcher code = VISITOR_CODE.matcher(e.detail().strip());
                if (code.matches()) {
                    visitor = visitor(code.group(1), Long.parseLong(code.group(2)), Integer.parseInt(code.group(3)));
                }
            }
            if (e.credential() != null && e.credential().startsWith(BLUETOOTH_KEY)) {
                String[] key = key(e.credential().substring(BLUETOOTH_KEY.length()));
                if (key != null) {
                    account = account != null ? account : key[0];
                    visitor = key[1];
                }
            }
            Names names = new Names(user, account, visitor, credential);
            return names.any() ? names : Names.NONE;
        }

        private Map<Integer, String> users() {
            if (users == null) {
                users = new HashMap<>();
                // the lock's last report (B1): its users with the names they were given at the lock or in the app
                jdbc.sql("select reported from locks where id = :lock").param("lock", lockId).query(String.class)
                        .optional().ifPresent(reported -> readUsers(reported, users));
            }
            return users;
        }

        private void readUsers(String reported, Map<Integer, String> into) {
            try {
                JsonNode list = json.readTree(reported).path("users");
                for (JsonNode u : list) {
                    if (u.path("id").isInt() && u.path("name").isString()) {
                        into.put(u.path("id").asInt(), u.path("name").asString());
                    }
                }
            } catch (JacksonException e) {
                // a report the cloud cannot read names nobody: the event keeps the lock's own fields
            }
        }

        private Map<String, String> credentials() {
            if (credentials == null) {
                credentials = new HashMap<>();
                jdbc.sql("select user_no, credential, name from credential_names where lock_id = :lock")
                        .param("lock", lockId)
                        .query((rs, n) -> List.of(rs.getInt("user_no") + "/" + rs.getString("credential"), rs.getString("name")))
                        .list().forEach(pair -> credentials.put(pair.get(0), pair.get(1)));
            }
            return credentials;
        }

        /** Only an account with a role on this lock, or a Bluetooth key for it, is named (else the email stays). */
        private String account(String email) {
            return accounts.computeIfAbsent(email.toLowerCase(java.util.Locale.ROOT), address -> jdbc.sql("""
                    select a.display_name from accounts a
                    where a.email = :email
                      and (exists (select 1 from locks l where l.id = :lock and l.owner_id = a.id)
                           or exists (select 1 from shares s where s.lock_id = :lock and s.account_id = a.id)
                           or exists (select 1 from bluetooth_keys k where k.lock_id = :lock and k.account_id = a.id))""")
                    .param("email", address).param("lock", lockId).query(String.class).optional()).orElse(null);
        }

        private String visitor(String kind, long startHour, int variant) {
            return visitors.computeIfAbsent(kind + "/" + startHour + "/" + variant, id -> jdbc.sql("""
                    select name from visitor_codes
                    where lock_id = :lock and kind = :kind and start_hour = :hour and variant = :variant""")
                    .param("lock", lockId).param("kind", kind).param("hour", startHour).param("variant", variant)
                    .query((rs, n) -> Optional.ofNullable(rs.getString("name")))
                    .optional().flatMap(name -> name)).orElse(null);
        }

        /** [holder's display name, the visitor's name the key was issued to (null for family keys)]. */
        private String[] key(String keyId) {
            return keys.computeIfAbsent(keyId, id -> jdbc.sql("""
                    select a.display_name, i.name from bluetooth_keys k
                    join accounts a on a.id = k.account_id
                    left join bluetooth_invites i on i.key_id = k.id
                    where k.id = :key and k.lock_id = :lock""")
                    .param("key", id).param("lock", lockId)
                    .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional()).orElse(null);
        }
    }
}
