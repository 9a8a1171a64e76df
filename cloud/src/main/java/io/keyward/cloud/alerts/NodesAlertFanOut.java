package io.keyward.cloud.alerts;

import java.util.List;

import io.keyward.cloud.nodes.NodeChannel;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alerts go to the streams open on this JVM at once, and to the other nodes over the {@link NodeChannel}
 * (one message per delivery, well under NOTIFY's limit), whose receivers hand them to their own
 * {@link AlertStreams}. With H2 the channel goes nowhere: one node.
 */
@Component
class NodesAlertFanOut implements AlertFanOut {

    static final String TOPIC = "alerts";

    private final AlertStreams streams;
    private final NodeChannel nodes;
    private final JsonMapper json;

    NodesAlertFanOut(AlertStreams streams, NodeChannel nodes, JsonMapper json) {
        this.streams = streams;
        this.nodes = nodes;
        this.json = json;
        nodes.subscribe(TOPIC, message -> streams.deliver(List.of(json.readValue(message, Delivery.class))));
    }

    @Override
    public void publish(List<Delivery> deliveries) {
        streams.deliver(deliveries);
        deliveries.forEach(delivery -> nodes.publish(TOPIC, json.writeValueAsString(delivery)));
    }
}
