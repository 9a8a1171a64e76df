package io.keyward.cloud.e2e;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

/** The people end to end on PostgreSQL at 127.0.0.1:5432 (a schema of its own) and an external Mosquitto. */
@DisplayName("People end to end: PostgreSQL storage, external Mosquitto broker")
class PeoplePostgresMosquittoTest extends PeopleEndToEndTest {

    private final PostgresMosquitto servers = new PostgresMosquitto("kw_people_");

    @Override
    Map<String, String> settings() throws Exception {
        return servers.start();
    }

    @AfterAll
    void dropServers() throws Exception {
        servers.close();
    }
}
