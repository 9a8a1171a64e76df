package io.keyward.cloud.events;

import java.util.UUID;

import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.sharing.Access;
import io.keyward.cloud.sharing.Role;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** SPEC H5 "All events": a lock's events, newest first, for every account with a role on it. */
@RestController
class EventsController {

    private final Access access;
    private final EventStore events;

    EventsController(Access access, EventStore events) {
        this.access = access;
        this.events = events;
    }

    /** Filters: kind (repeatable), user, from, until; paging: before (the previous page's next), limit. */
    @GetMapping("/api/locks/{lockId}/events")
    EventPage list(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String lockId,
                   @RequestParam MultiValueMap<String, String> params) {
        UUID lock = Access.lockId(lockId);
        access.require(me.accountId(), lock, Role.MEMBER);
        return events.query(lock, EventQuery.parse(params));
    }
}
