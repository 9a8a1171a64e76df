package io.keyward.cloud.broker;

import java.nio.file.Path;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The broker beans: {@link BrokerEndpoint} and {@link LockCredentials}, for the mode in {@code keyward.broker.mode}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BrokerSettings.class)
class BrokerConfiguration {

    private static final String MODE = "keyward.broker.mode";

    /** HiveMQ CE inside the cloud's JVM; lock passwords in the cloud's database. The default. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = MODE, havingValue = "embedded", matchIfMissing = true)
    static class Embedded {

        @Bean
        EmbeddedBroker embeddedBroker(BrokerSettings settings, JdbcClient jdbc, Clock clock,
                                      @Value("${keyward.data-dir:data}") String dataDir) {
            return new EmbeddedBroker(Path.of(dataDir, "broker"), settings.address(), settings.port(), new CredentialStore(jdbc, clock));
        }

        @Bean
        BrokerEndpoint brokerEndpoint(EmbeddedBroker broker, BrokerSettings settings) {
            return broker.endpoint(settings.lockUri());
        }

        @Bean
        LockCredentials lockCredentials(EmbeddedBroker broker, JdbcClient jdbc, Clock clock) {
            return new EmbeddedLockCredentials(new CredentialStore(jdbc, clock), broker);
        }
    }

    /** Mosquitto 2 with the dynamic-security plugin (deploy/mosquitto, docs/brokers.md). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = MODE, havingValue = "external")
    static class External {

        private static final Logger log = LoggerFactory.getLogger(External.class);

        @Bean
        BrokerEndpoint brokerEndpoint(BrokerSettings settings) {
            settings.requireExternal();
            String lockUri = BrokerSettings.blank(settings.lockUri()) ? settings.uri() : settings.lockUri();
            log.info("broker: external at {}, locks told {}", settings.uri(), lockUri);
            return new BrokerEndpoint(lockUri, settings.uri(), settings.cloudUsername(), settings.cloudPassword());
        }

        @Bean(destroyMethod = "close")
        DynamicSecurity lockCredentials(BrokerSettings settings) {
            settings.requireExternal();
            return new DynamicSecurity(settings.uri(), settings.adminUsername(), settings.adminPassword(), settings.requestTimeout(),
                    settings.cloudUsername());
        }
    }
}
