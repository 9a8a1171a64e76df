package io.keyward.cloud.link;

import java.util.UUID;

/** A lock reported itself online: the moment to send what was asked while it was away (SPEC B2). */
public record LockCameOnline(UUID lockId, String serial) {
}
