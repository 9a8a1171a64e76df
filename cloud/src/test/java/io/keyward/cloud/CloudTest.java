package io.keyward.cloud;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the cloud's HTTP tests: the whole application on a random port, spoken to over real HTTP.
 * Concrete classes pick the storage with {@link H2Storage} or {@link PostgresStorage}; every class of
 * one storage shares one application context (and database), so tests use fresh accounts and their
 * own client address rather than a clean database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CloudTest.TestClock.class)
public abstract class CloudTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    /** The password every test account gets. */
    protected static final String PASSWORD = "correct horse battery";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected MutableClock clock;

    protected Api api;

    @BeforeEach
    void newClient() {
        api = new Api(port, randomAddress());
    }

    protected static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    protected static String newEmail() {
        return "user-" + UUID.randomUUID() + "@example.org";
    }

    /** Signs up a new account and returns its email. */
    protected String signUp() {
        String email = newEmail();
        Api.Response response = api.postJson("/api/accounts",
                Api.json(Map.of("email", email, "password", PASSWORD, "displayName", "Test User")));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return email;
    }

    /** Signs in and returns the session cookie's value. */
    protected String signIn(String email) {
        Api.Response response = api.postJson("/api/session", Api.json(Map.of("email", email, "password", PASSWORD)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return sessionCookie(response);
    }

    protected static String sessionCookie(Api.Response response) {
        String setCookie = response.cookies().stream().filter(c -> c.startsWith("KW_SESSION=")).findFirst()
                .orElseThrow(() -> new AssertionError("no KW_SESSION cookie in " + response.cookies()));
        return setCookie.substring("KW_SESSION=".length(), setCookie.indexOf(';'));
    }

    /** Creates a bearer token through the session and returns the response's JSON (id, name, token). */
    protected tools.jackson.databind.JsonNode newToken(String session, String name) {
        Api.Response response = api.postJson("/api/tokens", Api.json(Map.of("name", name)),
                "Cookie", "KW_SESSION=" + session, "X-Keyward", "1");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    protected static String[] cookie(String session) {
        return new String[] {"Cookie", "KW_SESSION=" + session};
    }

    protected static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    protected long rows(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
