package io.keyward.cloud.events;

import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.RequiresRole;
import io.keyward.protocol.event.EventKind;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * SPEC H5 "All events": a lock's events, newest first, for every account with a role on it, each with
 * the names people gave to what it names by code (issue 14: {@link EventNames}).
 */
@RestController
class EventsController {

    private final EventStore events;
    private final EventNames names;

    EventsController(EventStore events, EventNames names) {
        this.events = events;
        this.names = names;
    }

    /** Filters: kind (repeatable), user, from, until; paging: before (the previous page's next), limit. */
    @ApiDoc(summary = "The lock's events, newest first, filtered (H5)")
    @GetMapping("/api/locks/{lockId}/events")
    @Parameter(name = "kind", in = ParameterIn.QUERY, description = "only these kinds (repeat the parameter for several)",
            array = @ArraySchema(schema = @Schema(implementation = EventKind.class)))
    @Parameter(name = "user", in = ParameterIn.QUERY, description = "only this lock user's events",
            schema = @Schema(type = "integer", format = "int32", minimum = "1"))
    @Parameter(name = "from", in = ParameterIn.QUERY, description = "only events at or after this instant (the lock's time)",
            schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "until", in = ParameterIn.QUERY, description = "only events before this instant",
            schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "before", in = ParameterIn.QUERY, description = "paging: only events with a smaller seq (the previous page's next)",
            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "at most this many events",
            schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "200", defaultValue = "50"))
    EventPage list(@RequiresRole(AccountRole.MEMBER) UUID lock,
                   @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        EventPage page = events.query(lock, EventQuery.parse(params));
        // once here for the page, so every client shows the same names (issue 14), not each page its own
        EventNames.Resolver resolver = names.forLock(lock);
        return new EventPage(page.events().stream().map(e -> e.named(resolver.names(e.subject()))).toList(), page.next());
    }
}
