package io.keyward.cloud.events;

import java.util.UUID;

import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.RequiresRole;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** SPEC H5 "All events": a lock's events, newest first, for every account with a role on it. */
@RestController
class EventsController {

    private final EventStore events;

    EventsController(EventStore events) {
        this.events = events;
    }

    /** Filters: kind (repeatable), user, from, until; paging: before (the previous page's next), limit. */
    @GetMapping("/api/locks/{lockId}/events")
    EventPage list(@RequiresRole(AccountRole.MEMBER) UUID lock, @RequestParam MultiValueMap<String, String> params) {
        return events.query(lock, EventQuery.parse(params));
    }
}
