package io.keyward.cloud.broker;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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

    @Test
    @DisplayName("threat: with configured service names that are valid serials ('admin', 'cloud'), no lock login is issued or revoked for them")
    void threat07_configuredServiceNamesAreNeverLockLogins() {
        DynamicSecurity custom = new DynamicSecurity(endpoint().cloudUri(), "admin", "unused", Duration.ofSeconds(1), "cloud");
        try {
            for (String name : new String[] {"admin", "cloud", "ADMIN", "Cloud"}) {
                assertThatIllegalArgumentException().as(name).isThrownBy(() -> custom.issue(name));
                assertThatIllegalArgumentException().as(name).isThrownBy(() -> custom.revoke(name));
            }
        } finally {
            custom.close();
        }
    }

    @Override
    void restart() throws Exception {
        mosquitto.restart();
    }
}
