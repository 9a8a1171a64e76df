package io.keyward.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.keyward.cloud.broker.BrokerEndpoint;

/**
 * The raw MQTT round trip that the benches put beside their own figures: two MQTT 5 clients on one
 * broker, the pinger publishes (QoS 1) on PING, the echo sends it back (QoS 1) on PONG; timed from
 * publish until the echo arrives. The same two broker hops as a remote unlock's command and reply,
 * without HTTP, signing, verification, a lock or a database.
 */
final class MqttEcho implements AutoCloseable {

    private static final String PING = "keyward/v1/bench/ping";
    private static final String PONG = "keyward/v1/bench/pong";

    private final Mqtt5AsyncClient pinger;
    private final Mqtt5AsyncClient echo;
    private final byte[] payload;
    final int payloadBytes;
    private volatile CompletableFuture<byte[]> pending;
    private long sequence;

    private MqttEcho(Mqtt5AsyncClient pinger, Mqtt5AsyncClient echo, int payloadBytes) {
        this.pinger = pinger;
        this.echo = echo;
        this.payloadBytes = payloadBytes;
        this.payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 'x');
    }

    /** On the cloud's broker, logged in with the cloud's credentials. */
    static MqttEcho connect(BrokerEndpoint broker, int payloadBytes) {
        URI uri = URI.create(broker.cloudUri());
        return connect(uri.getHost(), uri.getPort(), broker.cloudUsername(), broker.cloudPassword(), payloadBytes);
    }

    /** On any broker (an external Mosquitto, say) with a login that may publish and subscribe PING and PONG. */
    static MqttEcho connect(String host, int port, String username, String password, int payloadBytes) {
        Mqtt5AsyncClient pinger = client(host, port, username, password, "bench-ping-" + shortId());
        Mqtt5AsyncClient echo = client(host, port, username, password, "bench-echo-" + shortId());
        MqttEcho e = new MqttEcho(pinger, echo, payloadBytes);
        echo.subscribeWith().topicFilter(PING).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> echo.publishWith().topic(PONG).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(p.getPayloadAsBytes()).send())
                .send().join();
        pinger.subscribeWith().topicFilter(PONG).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> {
                    CompletableFuture<byte[]> waiting = e.pending;
                    if (waiting != null) {
                        waiting.complete(p.getPayloadAsBytes());
                    }
                })
                .send().join();
        return e;
    }

    /** A connected client with the cloud's credentials (an observer of the lock's topics, say). */
    static Mqtt5AsyncClient client(BrokerEndpoint broker, String id) {
        URI uri = URI.create(broker.cloudUri());
        return client(uri.getHost(), uri.getPort(), broker.cloudUsername(), broker.cloudPassword(), id);
    }

    private static Mqtt5AsyncClient client(String host, int port, String username, String password, String id) {
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost(host).serverPort(port)
                .simpleAuth().username(username)
                .password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .buildAsync();
        client.connectWith().cleanStart(true).send().orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** One publish until its echo arrives; the payload carries a sequence number, checked on return. */
    long roundTrip() throws Exception {
        byte[] tag = Long.toString(++sequence).getBytes(StandardCharsets.US_ASCII);
        byte[] message = payload.clone();
        System.arraycopy(tag, 0, message, 0, tag.length);
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        pending = answer;
        long start = System.nanoTime();
        pinger.publishWith().topic(PING).qos(MqttQos.AT_LEAST_ONCE).payload(message).send();
        byte[] back = answer.get(10, TimeUnit.SECONDS);
        long took = System.nanoTime() - start;
        if (!Arrays.equals(back, message)) {
            throw new IllegalStateException("the echo returned another message");
        }
        return took;
    }

    /** n round trips, one after the other. */
    Latencies roundTrips(int n) throws Exception {
        Latencies latencies = new Latencies(n);
        for (int i = 0; i < n; i++) {
            latencies.add(roundTrip());
        }
        return latencies;
    }

    @Override
    public void close() {
        for (Mqtt5AsyncClient c : List.of(pinger, echo)) {
            c.disconnect().orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
