package io.keyward.lock.panel;

import java.time.Instant;

/** One entry of the panel API's {@code GET /events}; alarm and detail are additions to the contract. */
public record PanelEvent(long seq, Instant at, String kind, String method, String result,
                         Integer user, String credential, String reason, String alarm, String detail) {
}
