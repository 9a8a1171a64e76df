package io.keyward.cloud.alerts;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.keyward.cloud.accounts.AccountPrincipal;
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
    @GetMapping("/api/alerts")
    AlertList list(@AuthenticationPrincipal AccountPrincipal me, @RequestParam MultiValueMap<String, String> params) {
        Params.onlyKnown(params, Set.of("unread", "limit"));
        boolean unread = Params.bool(params, "unread", false);
        int limit = Params.number(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        return new AlertList(alerts.list(me.accountId(), unread, limit));
    }

    @GetMapping("/api/alerts/unread-count")
    UnreadCount unreadCount(@AuthenticationPrincipal AccountPrincipal me) {
        return new UnreadCount(alerts.unreadCount(me.accountId()));
    }

    /** Another account's alert, or a malformed id, is as unknown as one that does not exist. */
    @PostMapping("/api/alerts/{id}/read")
    ResponseEntity<Void> markRead(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String id) {
        if (!alerts.markRead(me.accountId(), alertId(id), clock.instant())) {
            throw noSuchAlert();
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/alerts/read-all")
    ResponseEntity<Void> markAllRead(@AuthenticationPrincipal AccountPrincipal me) {
        alerts.markAllRead(me.accountId(), clock.instant());
        return ResponseEntity.noContent().build();
    }

    /**
     * The live stream: event {@code alert} with the alert's JSON, comments as heartbeats. Nothing is
     * replayed on reconnecting (Last-Event-ID): the app lists GET /api/alerts?unread=true instead.
     */
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

    private static UUID alertId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException notAUuid) {
            throw noSuchAlert();
        }
    }

    private static ResponseStatusException noSuchAlert() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no such alert");
    }

    /** Strict query parameters: unknown, repeated or malformed ones answer 400 with the rule. */
    private static final class Params {

        static void onlyKnown(MultiValueMap<String, String> params, Set<String> known) {
            for (String name : params.keySet()) {
                if (!known.contains(name)) {
                    throw bad("unknown parameter '" + name + "'; known: " + String.join(", ", known.stream().sorted().toList()));
                }
            }
        }

        static boolean bool(MultiValueMap<String, String> params, String name, boolean fallback) {
            String text = single(params, name);
            if (text == null) {
                return fallback;
            }
            return switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw bad(name + ": must be true or false");
            };
        }

        static int number(MultiValueMap<String, String> params, String name, int fallback, int min, int max) {
            String text = single(params, name);
            if (text == null) {
                return fallback;
            }
            try {
                int value = Integer.parseInt(text.strip());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException notANumber) {
                // refused below, with the rule
            }
            throw bad(name + ": must be a whole number from " + min + " to " + max);
        }

        private static String single(MultiValueMap<String, String> params, String name) {
            List<String> values = params.getOrDefault(name, List.of());
            if (values.size() > 1) {
                throw bad(name + ": given more than once");
            }
            return values.isEmpty() ? null : values.get(0);
        }

        private static ResponseStatusException bad(String reason) {
            return new ResponseStatusException(HttpStatus.BAD_REQUEST, reason);
        }
    }
}
