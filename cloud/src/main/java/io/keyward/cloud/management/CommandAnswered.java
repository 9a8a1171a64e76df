package io.keyward.cloud.management;

import java.util.UUID;

/**
 * A lock answered a queued command and the answer is recorded (published by the command queue after it
 * stores the answer, on the node that received it): what a feature that queues commands without waiting
 * (people, docs/people.md) follows. version: the lock's desired-state version the command had.
 */
public record CommandAnswered(UUID lockId, UUID commandId, long version, boolean accepted, String reason,
                              String message, Integer user) {
}
