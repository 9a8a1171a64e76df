package io.keyward.cloud.locks;

import java.time.OffsetDateTime;
import java.util.UUID;

/** SPEC D7: the lock said on its link that it was factory-reset at the door (locks.LockResets handles it). */
public record LockWasReset(UUID lockId, String serial, OffsetDateTime at) {
}
