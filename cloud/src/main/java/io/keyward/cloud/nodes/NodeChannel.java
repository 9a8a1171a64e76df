package io.keyward.cloud.nodes;

import java.util.function.Consumer;

/**
 * The cross-node channel: a short message from this cloud node to every other node of the cluster
 * (docs/cloud.md "Several nodes"). With PostgreSQL it is LISTEN/NOTIFY ({@link PostgresNodeChannel});
 * with H2 there is one node only, and nothing leaves this JVM ({@link SingleNodeChannel}).
 * <p>
 * Best effort by design: a message sent while the database is down or a node is reconnecting is lost.
 * Whoever uses it must only speed up what stays correct without it (an alert is stored unread anyway;
 * a stream's access is re-checked in the database every few seconds anyway).
 */
public interface NodeChannel {

    /** The longest message: PostgreSQL's NOTIFY payload limit (8000 bytes) less the envelope. */
    int MAX_MESSAGE_BYTES = 7_800;

    /** Sends to every other node; returns at once (a message that cannot go is logged and dropped). */
    void publish(String topic, String message);

    /** Messages of other nodes on this topic; the receiver runs on the channel's thread and must not block. */
    void subscribe(String topic, Consumer<String> receiver);
}
