package io.keyward.cloud.management;

import java.time.OffsetDateTime;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** A management command as the API shows it: what was asked, and the lock's answer once it came. */
public record CommandView(UUID id, long version, JsonNode command, String status, String reason, String message,
                          Integer user, OffsetDateTime requestedAt, OffsetDateTime sentAt, OffsetDateTime completedAt) {
}
