package io.keyward.cloud.webhooks;

import java.net.URI;
import java.util.List;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhook endpoints (issue 12 item 2, docs/webhooks.md): registered, listed with their recent attempts,
 * changed, deleted, enabled again and tested. An endpoint another account manages, or a malformed id,
 * answers 404 {@code "no such webhook"}; a lock one has no role on, 404 {@code "no such lock"}.
 */
@RestController
class WebhooksController {

    /**
     * @param lockId null for every lock the account owns or manages
     * @param kinds  event kinds: see GET /api/webhooks (kinds) for the list
     */
    record CreateRequest(String url, List<String> kinds, String lockId, String description) {
    }

    record UpdateRequest(String url, List<String> kinds, String description) {
    }

    /** The account's endpoints, and every kind an endpoint may ask for. */
    record WebhookList(List<Webhooks.View> webhooks, List<String> kinds) {
    }

    private final Webhooks webhooks;

    WebhooksController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @ApiDoc(summary = "Register a webhook endpoint; the answer holds its signing secret, shown only this once", answers = {201, 404, 409})
    @PostMapping(path = "/api/webhooks", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Webhooks.Created> create(@AuthenticationPrincipal AccountPrincipal me, @RequestBody CreateRequest request) {
        Webhooks.Created created = webhooks.create(me.accountId(), request.lockId(),
                new Webhooks.Registration(request.url(), request.kinds(), request.description()));
        return ResponseEntity.created(URI.create("/api/webhooks/" + created.webhook().id())).body(created);
    }

    @ApiDoc(summary = "The endpoints this account manages, each with its status and latest attempts")
    @GetMapping("/api/webhooks")
    WebhookList list(@AuthenticationPrincipal AccountPrincipal me) {
        return new WebhookList(webhooks.list(me.accountId()), WebhookKinds.ALL);
    }

    @ApiDoc(summary = "One endpoint, with its status and latest attempts", answers = {404})
    @GetMapping("/api/webhooks/{id}")
    Webhooks.View get(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String id) {
        return webhooks.get(me.accountId(), id);
    }

    @ApiDoc(summary = "Change an endpoint's URL, kinds and description (its lock and secret stay)", answers = {404})
    @PutMapping(path = "/api/webhooks/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Webhooks.View update(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String id,
                         @RequestBody UpdateRequest request) {
        return webhooks.update(me.accountId(), id,
                new Webhooks.Registration(request.url(), request.kinds(), request.description()));
    }

    @ApiDoc(summary = "Delete an endpoint and the deliveries still waiting for it", answers = {204, 404})
    @DeleteMapping("/api/webhooks/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String id) {
        webhooks.delete(me.accountId(), id);
        return ResponseEntity.noContent().build();
    }

    @ApiDoc(summary = "Enable a disabled endpoint again; what waited is delivered now, in order", answers = {404})
    @PostMapping("/api/webhooks/{id}/enable")
    Webhooks.View enable(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String id) {
        return webhooks.enable(me.accountId(), id);
    }

    @ApiDoc(summary = "Send a TEST event to the endpoint now and tell how it answered (status, error, time)", answers = {200, 404})
    @PostMapping("/api/webhooks/{id}/test")
    Webhooks.Attempt test(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String id) {
        return webhooks.test(me.accountId(), id);
    }
}
