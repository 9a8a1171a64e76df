package io.keyward.cloud.link;

import io.keyward.protocol.link.LinkMessages;

/** A lock answered a command (published as a Spring application event by {@link LockLink}). */
public record LockReplied(String serial, LinkMessages.Reply reply) {
}
