package io.keyward.cloud.alerts;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** The single-node fan-out (the default): alerts go to the streams open on this JVM. */
@Component
@ConditionalOnProperty(name = "keyward.alerts.fan-out", havingValue = "local", matchIfMissing = true)
class LocalAlertFanOut implements AlertFanOut {

    private final AlertStreams streams;

    LocalAlertFanOut(AlertStreams streams) {
        this.streams = streams;
    }

    @Override
    public void publish(List<Delivery> deliveries) {
        streams.deliver(deliveries);
    }
}
