package io.keyward.cloud.locks;

import java.time.Instant;
import java.util.UUID;

/** The lock went online or offline (its state report, or its will / goodbye): told once per change. */
public record LockPresenceChanged(UUID lockId, boolean online, Instant at) {
}
