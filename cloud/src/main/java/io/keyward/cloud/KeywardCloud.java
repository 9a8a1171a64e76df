package io.keyward.cloud;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The Keyward cloud service. Starts on {@code server.port} (default 8080) bound to
 * {@code server.address} (default 127.0.0.1); storage is an H2 file under
 * {@code keyward.data-dir} unless {@code KEYWARD_DB_URL} or {@code spring.datasource.url} says otherwise.
 */
// Accounts authenticate through their own sessions and tokens (accounts package): Boot's default
// in-memory user with a generated password would be a second, unwanted way in.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@EnableScheduling
public class KeywardCloud {

    public static void main(String[] args) {
        SpringApplication.run(KeywardCloud.class, args);
    }

    /** Every time-dependent rule (session expiry, sign-in limits) reads this clock, so tests can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The launcher and the black-box tests wait for exactly this line on standard output. */
    @EventListener
    void announce(ApplicationReadyEvent ready) {
        Environment env = ready.getApplicationContext().getEnvironment();
        String address = env.getProperty("server.address", "127.0.0.1");
        String managementPort = env.getProperty("local.management.port");
        if (managementPort != null) { // issue 12: where Prometheus scrapes; before the line the launcher waits for
            System.out.println("metrics: http://" + env.getProperty("management.server.address", "127.0.0.1") + ":"
                    + managementPort + "/actuator/prometheus");
        }
        System.out.println("cloud: http://" + address + ":" + env.getProperty("local.server.port"));
        System.out.flush();
    }
}
