package io.keyward.cloud.nodes;

import java.util.function.Consumer;

import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/** H2 (one node by nature: the database is a file of this JVM): there is no other node to tell. */
@Component
@Conditional(OnPostgres.Not.class)
class SingleNodeChannel implements NodeChannel {

    @Override
    public void publish(String topic, String message) {
        // no other node
    }

    @Override
    public void subscribe(String topic, Consumer<String> receiver) {
        // no other node
    }
}
