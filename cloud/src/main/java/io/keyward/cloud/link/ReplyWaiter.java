package io.keyward.cloud.link;

import io.keyward.protocol.link.LinkMessages;

/**
 * A request on this node waiting for a lock's reply (a remote unlock, C6). The link hands it every
 * reply on the thread that read it from the broker, before the reply goes on to be recorded
 * ({@link LockReplied}, on the link's reply lane): the waiting request is answered without a
 * hand-off to another thread (issue 11 item 5). So it must be quick and do no I/O: look the reply
 * up, complete a future.
 */
public interface ReplyWaiter {

    /** serial: the lock whose topic the reply came on (only that lock may answer its command). */
    void replied(String serial, LinkMessages.Reply reply);
}
