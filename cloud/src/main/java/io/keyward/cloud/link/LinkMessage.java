package io.keyward.cloud.link;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.keyward.protocol.link.Topics;

/**
 * A message a lock published, addressed by its topic: which lock and which kind. One reading of
 * the topic for every subscriber of the cloud (the lock link, the camera link), so they cannot
 * disagree on what a topic means.
 */
public record LinkMessage(String serial, Topics.Kind kind, byte[] payload) {

    /** The message, or null when its topic is none of the link's (the caller logs and drops it). */
    public static LinkMessage from(Mqtt5Publish publish) {
        String topic = publish.getTopic().toString();
        String serial = Topics.serialOf(topic);
        Topics.Kind kind = Topics.kindOf(topic);
        if (serial == null || kind == null) {
            return null;
        }
        return new LinkMessage(serial, kind, publish.getPayloadAsBytes());
    }
}
