package io.keyward.cloud.broker;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The external mode against a real Mosquitto 2.0 of its own ({@link MosquittoProcess}). */
@DisplayName("external broker (Mosquitto 2.0, dynamic security): lock access rules")
class MosquittoBrokerTest extends BrokerRulesTest {

    private static MosquittoProcess mosquitto;

    @BeforeAll
    static void start() throws Exception {
        mosquitto = MosquittoProcess.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Override
    BrokerEndpoint endpoint() {
        return mosquitto.endpoint();
    }

    @Override
    LockCredentials credentials() {
        return mosquitto.credentials();
    }

    @Override
    void restart() throws Exception {
        mosquitto.restart();
    }
}
