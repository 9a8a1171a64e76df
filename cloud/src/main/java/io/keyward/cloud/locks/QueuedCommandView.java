package io.keyward.cloud.locks;

import java.util.UUID;

/**
 * How a queued command is shown back in a lock's pending list (the management feature knows how: its
 * queue seals secrets and device-signed tokens at rest, issue 15). Declared here so that the lock's view
 * needs no reach into management, which already depends on this package.
 */
public interface QueuedCommandView {

    /** The command's JSON as it may be shown: secrets hidden, a device-signed one as the command it carries. */
    String shown(UUID commandId, String body);
}
