package io.keyward.cloud.alerts;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.PathIds;
import io.keyward.cloud.QueryParameters;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * SPEC H4: an account's alerts, from every lock it owns or that is shared with it: listed, counted,
 * marked read, and live as server-sent events. Every alert is the account's own: no lock check here,
 * the rows were addressed to the account when raised (and lists hide locks it no longer has).
 */
@RestController
class AlertsController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    record AlertList(List<Alert> alerts) {
    }

    record UnreadCount(long unread) {
    }

    private final Alerts alerts;
    private final AlertStreams streams;
    private final Clock clock;

    AlertsController(Alerts alerts, AlertStreams streams, Clock clock) {
        this.alerts = alerts;
        this.streams = streams;
        this.clock = clock;
    }

    /** ?unread=true for the unread ones only; ?limit= 1 to 200 (default 50); newest first. */
    @ApiDoc(summary = "My alerts, newest first (H4)")
    @GetMapping("/api/alerts")
    @Parameter(name = "unread", in = ParameterIn.QUERY, description = "true for the unread ones only",
            schema = @Schema(type = "boolean", defaultValue = "false"))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "at most this many alerts",
            schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "200", defaultValue = "50"))
    AlertList list(@AuthenticationPrincipal AccountPrincipal me,
                   @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        QueryParameters.onlyKnown(params, Set.of("unread", "limit"));
        boolean unread = QueryParameters.bool(params, "unread", false);
        int limit = QueryParameters.number(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        return new AlertList(alerts.list(me.accountId(), unread, limit));
    }

    @ApiDoc(summary = "How many of my alerts are unread")
    @GetMapping("/api/alerts/unread-count")
    UnreadCount unreadCount(@AuthenticationPrincipal AccountPrincipal me) {
        return new UnreadCount(alerts.unreadCount(me.accountId()));
    }

    /** Another account's alert, or a malformed id, is as unknown as one that does not exist. */
    @ApiDoc(summary = "Mark an alert read", answers = {204, 404})
    @PostMapping("/api/alerts/{id}/read")
    ResponseEntity<Void> markRead(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String id) {
        if (!alerts.markRead(me.accountId(), PathIds.uuid(id, AlertsController::noSuchAlert), clock.instant())) {
            throw noSuchAlert();
        }
        return ResponseEntity.noContent().build();
    }

    @ApiDoc(summary = "Mark all my alerts read", answers = {204})
    @PostMapping("/api/alerts/read-all")
    ResponseEntity<Void> markAllRead(@AuthenticationPrincipal AccountPrincipal me) {
        alerts.markAllRead(me.accountId(), clock.instant());
        return ResponseEntity.noContent().build();
    }

    /**
     * The live stream: event {@code alert} with the alert's JSON, comments as heartbeats. Nothing is
     * replayed on reconnecting (Last-Event-ID): the app lists GET /api/alerts?unread=true instead.
     */
    @ApiDoc(summary = "My alerts as they happen (server-sent events)")
    @GetMapping(path = "/api/alerts/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@AuthenticationPrincipal AccountPrincipal me) {
        return streams.open(me);
    }

    /**
     * A stream whose client went away ends in this, on the container's error dispatch. There is no one
     * left to answer, and it is not a fault of ours: without this the application-wide handler would
     * log it as a failed request and try to write a JSON error into an event stream.
     */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(HttpServletResponse response) {
        // handled: nothing to write
    }

    private static ResponseStatusException noSuchAlert() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no such alert");
    }
}
