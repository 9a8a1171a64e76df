package io.keyward.cloud.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.keyward.cloud.PathIds;
import io.keyward.cloud.secrets.RowIdentity;
import io.keyward.cloud.secrets.SecretBox;
import io.keyward.cloud.sharing.Access;
import io.keyward.cloud.sharing.AccountRole;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Registering and managing webhook endpoints (docs/webhooks.md). An endpoint of one lock needs the
 * owner's or a manager's role there, as every setting of the lock does (SPEC B2, H3); an account-wide
 * endpoint hears every lock the account owns or manages. The secret leaves the cloud once, in the
 * answer to its creation, and is stored sealed.
 */
@Service
class Webhooks {

    /** How many attempts the list shows per endpoint. */
    static final int RECENT_ATTEMPTS = 10;

    record Attempt(UUID messageId, String type, int attempt, Instant at, Integer status, String error, long durationMs) {
        static Attempt of(WebhookEndpoints.Attempt a) {
            return new Attempt(a.messageId(), a.type(), a.attempt(), a.at(), a.status(), a.error(), a.durationMs());
        }
    }

    /**
     * An endpoint as the API shows it (never its secret).
     *
     * @param status  active, failing (the last attempt failed; retrying) or disabled
     * @param pending deliveries waiting in its queue
     */
    record View(UUID id, UUID lockId, String url, String description, List<String> kinds, String status,
                String disabledReason, Instant failingSince, int consecutiveFailures, long pending, Instant createdAt,
                List<Attempt> recentAttempts) {
    }

    /** The answer to a creation: the endpoint and its secret, shown this once. */
    record Created(View webhook, String secret) {
    }

    /** What the caller asks for, as given (checked here). */
    record Registration(String url, List<String> kinds, String description) {
    }

    private final WebhookEndpoints endpoints;
    private final WebhookQueue queue;
    private final WebhookOutbox outbox;
    private final WebhookSender sender;
    private final Access access;
    private final SecretBox box;
    private final WebhookSettings settings;
    private final Clock clock;

    Webhooks(WebhookEndpoints endpoints, WebhookQueue queue, WebhookOutbox outbox, WebhookSender sender, Access access,
             SecretBox box, WebhookSettings settings, Clock clock) {
        this.endpoints = endpoints;
        this.queue = queue;
        this.outbox = outbox;
        this.sender = sender;
        this.access = access;
        this.box = box;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param lockText the lock's id as given, or null for an account-wide endpoint; malformed, unknown and
     *                 not one's own lock all answer 404 "no such lock" (the one lock-id rule)
     */
    @Transactional
    Created create(UUID account, String lockText, Registration registration) {
        UUID lock = lockText == null ? null : PathIds.uuid(lockText, () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such lock"));
        if (lock != null) {
            access.require(account, lock, AccountRole.MANAGER);
        }
        String url = checkedUrl(registration.url());
        Set<String> kinds = checkedKinds(registration.kinds());
        if (endpoints.countOf(account) >= settings.maxEndpoints()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "too many webhook endpoints: an account may have " + settings.maxEndpoints() + "; delete one first");
        }
        UUID id = UUID.randomUUID();
        String secret = WebhookSignature.newSecret();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        endpoints.insert(new WebhookEndpoints.Endpoint(id, account, lock, url, description(registration.description()),
                kinds, true, null, null, 0, now), box.seal(secret, RowIdentity.webhookSecret(id.toString())));
        return new Created(view(endpoints.byId(id).orElseThrow()), secret);
    }

    List<View> list(UUID account) {
        return endpoints.managedBy(account).stream().map(this::view).toList();
    }

    View get(UUID account, String id) {
        return view(managed(account, id));
    }

    @Transactional
    View update(UUID account, String id, Registration registration) {
        WebhookEndpoints.Endpoint endpoint = managed(account, id);
        endpoints.update(endpoint.id(), checkedUrl(registration.url()), description(registration.description()),
                checkedKinds(registration.kinds()));
        return view(endpoints.byId(endpoint.id()).orElseThrow());
    }

    /** Its queue goes with it (undelivered events are dropped: the owner asked). */
    void delete(UUID account, String id) {
        endpoints.delete(managed(account, id).id());
    }

    /** Back on after it was disabled: what waited is tried now, in order. */
    @Transactional
    View enable(UUID account, String id) {
        WebhookEndpoints.Endpoint endpoint = managed(account, id);
        endpoints.enable(endpoint.id(), clock.instant());
        return view(endpoints.byId(endpoint.id()).orElseThrow());
    }

    /**
     * Sends a TEST delivery now, once, outside the queue, and answers how it went (also listed among
     * the attempts). It does not count towards disabling, and works on a disabled endpoint too.
     */
    Attempt test(UUID account, String id) {
        WebhookEndpoints.Endpoint endpoint = managed(account, id);
        String secret = box.open(endpoints.sealedSecret(endpoint.id()), RowIdentity.webhookSecret(endpoint.id().toString()));
        Instant now = clock.instant();
        String body = outbox.testBody(endpoint, now);
        UUID messageId = UUID.randomUUID();
        WebhookSender.Result result = sender.post(endpoint.url(), messageId.toString(), now.getEpochSecond(),
                WebhookSignature.sign(secret, messageId.toString(), now.getEpochSecond(), body), body);
        WebhookEndpoints.Attempt attempt = new WebhookEndpoints.Attempt(messageId, WebhookKinds.TEST, 1,
                now.truncatedTo(ChronoUnit.MICROS), result.status(), result.error(), result.durationMs());
        endpoints.recordAttempt(endpoint.id(), attempt);
        return Attempt.of(attempt);
    }

    private WebhookEndpoints.Endpoint managed(UUID account, String id) {
        UUID endpoint = PathIds.uuid(id, Webhooks::noSuchWebhook);
        return endpoints.managedBy(account, endpoint).orElseThrow(Webhooks::noSuchWebhook);
    }

    private View view(WebhookEndpoints.Endpoint e) {
        String status = !e.enabled() ? "disabled" : e.failingSince() != null ? "failing" : "active";
        return new View(e.id(), e.lockId(), e.url(), e.description(), List.copyOf(e.kinds()), status, e.disabledReason(),
                e.failingSince(), e.consecutiveFailures(), queue.pending(e.id()), e.createdAt(),
                endpoints.attempts(e.id(), RECENT_ATTEMPTS).stream().map(Attempt::of).toList());
    }

    /**
     * An absolute http or https URL with a host, no user name or password in it (the signature is the
     * credential) and no fragment. Where it points is the owner's choice, loopback and private addresses
     * included (docs/webhooks.md says so); deliveries never follow redirects.
     */
    static String checkedUrl(String text) {
        if (text == null || text.isBlank()) {
            throw badRequest("url is required");
        }
        String url = text.strip();
        if (url.length() > 2000) {
            throw badRequest("url is longer than 2000 characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw badRequest("url is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw badRequest("url must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw badRequest("url has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw badRequest("url must not hold a user name or password: the receiver checks the signature instead");
        }
        if (uri.getRawFragment() != null) {
            throw badRequest("url must not have a fragment (#...)");
        }
        return url;
    }

    private static Set<String> checkedKinds(List<String> kinds) {
        if (kinds == null) {
            throw badRequest("kinds is required: the event kinds this endpoint wants");
        }
        try {
            return WebhookKinds.parse(kinds);
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
    }

    private static String description(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.strip().length() > 200) {
            throw badRequest("description is longer than 200 characters");
        }
        return text.strip();
    }

    private static ResponseStatusException badRequest(String reason) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, reason);
    }

    static ResponseStatusException noSuchWebhook() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no such webhook");
    }
}
