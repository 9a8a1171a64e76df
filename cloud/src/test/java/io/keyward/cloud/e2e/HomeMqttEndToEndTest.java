package io.keyward.cloud.e2e;

import static io.keyward.cloud.e2e.Account.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.keyward.cloud.Api;
import io.keyward.cloud.browser.Browser;
import io.keyward.cloud.browser.BrowserPages;
import io.keyward.lock.link.HomeAssistant;
import io.keyward.lock.link.HomeBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Home MQTT set from the app's API (issue 12 item 1): the setting goes to the lock through its command
 * queue, the lock connects to a home Mosquitto with a password file, and its status comes back in the
 * lock's reported state. The password is never shown back. H2 and the embedded broker for the cloud.
 */
@DisplayName("issue 12 item 1: Home MQTT end to end through the cloud's API")
class HomeMqttEndToEndTest extends CloudWithLocks {

    private HomeBroker home;
    private Mqtt5AsyncClient homeAssistant;
    private final Map<String, String> heard = new ConcurrentHashMap<>();

    @Override
    Map<String, String> settings() {
        return Map.of();
    }

    @AfterEach
    void stopHome() throws Exception {
        if (homeAssistant != null) {
            homeAssistant.disconnect().get(5, TimeUnit.SECONDS);
            homeAssistant = null; // one instance for the class's tests
        }
        if (home != null) {
            home.close();
            home = null;
        }
    }

    @Test
    @DisplayName("SPEC C12 H6: an owner turns Home MQTT on; the lock reports CONNECTED, publishes discovery, opens from home with the cloud link down, reports a home broker that went down, and the password is never shown back")
    void homeMqttThroughTheApi() throws Exception {
        home = HomeBroker.running();
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        String base = "/api/locks/" + id;

        Map<String, Object> body = new HashMap<>(Map.of("enabled", true, "host", "127.0.0.1", "port", home.port,
                "username", HomeBroker.LOCK_USER, "password", home.lockPassword, "allowUnlock", true));
        Api.Response set = expect(owner.put(base + "/home-mqtt", body), 200);
        assertThat(set.json().get("status").asString()).isEqualTo("applied");
        assertThat(set.json().at("/command/type").asString()).isEqualTo("SET_HOME_MQTT");
        assertThat(set.body()).doesNotContain(home.lockPassword);

        await().atMost(SOON).until(() -> "CONNECTED".equals(owner.lock(id).at("/reported/homeMqtt/status").asString()));
        JsonNode reported = owner.lock(id).at("/reported/homeMqtt");
        assertThat(reported.get("enabled").asBoolean()).isTrue();
        assertThat(reported.get("host").asString()).isEqualTo("127.0.0.1");
        assertThat(reported.get("port").asInt()).isEqualTo(home.port);
        assertThat(reported.get("passwordSet").asBoolean()).isTrue();
        assertThat(reported.get("allowUnlock").asBoolean()).isTrue();
        assertThat(reported.has("password")).isFalse();
        assertThat(owner.get(base).body()).doesNotContain(home.lockPassword);
        assertThat(owner.get(base + "/commands").body()).doesNotContain(home.lockPassword)
                .contains("SET_HOME_MQTT");
        assertThat(lock.state().get("homeMqtt").asString()).isEqualTo("CONNECTED");
        // at rest the queued command holds the password sealed (kws1:...), never in the clear
        List<String> bodies = cloud.bean(JdbcClient.class).sql("select body from lock_commands where body like '%SET_HOME_MQTT%'")
                .query(String.class).list();
        assertThat(bodies).isNotEmpty().allSatisfy(b -> assertThat(b).doesNotContain(home.lockPassword).contains("kws1:"));

        // Home Assistant sees the lock, and its UNLOCK opens even with the cloud link down
        HomeAssistant ha = new HomeAssistant(lock.serial);
        homeAssistant = MqttClient.builder().useMqttVersion5().identifier("ha-" + lock.serial)
                .serverHost("127.0.0.1").serverPort(home.port)
                .simpleAuth().username(HomeBroker.HA_USER).password(home.haPassword.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().buildAsync();
        homeAssistant.connect().get(5, TimeUnit.SECONDS);
        homeAssistant.subscribeWith().topicFilter("homeassistant/+/" + lock.serial + "/#").qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> heard.put(p.getTopic().toString(), new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                .send().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.keySet().containsAll(
                List.of(ha.discoveryTopic(HomeAssistant.Entity.LOCK_ENTITY), ha.discoveryTopic(HomeAssistant.Entity.BATTERY))));

        lock.running().dropLink();
        homeAssistant.publishWith().topic(ha.commandTopic()).qos(MqttQos.AT_LEAST_ONCE)
                .payload("UNLOCK".getBytes(StandardCharsets.UTF_8)).send().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(2)).until(() -> "UNLOCKED".equals(lock.state().get("bolt").asString()));
        lock.running().restoreLink();
        await().atMost(SOON).until(() -> EndToEndTest.events(owner, id, "kind=UNLOCK").stream()
                .anyMatch(e -> "HOME_MQTT".equals(e.get("method").asString()) && "OK".equals(e.get("result").asString())));

        // the home broker goes down: the lock says so to the cloud, stays online with it, and comes back
        homeAssistant.disconnect().get(5, TimeUnit.SECONDS);
        home.stop();
        await().atMost(SOON).until(() -> "CONNECTING".equals(owner.lock(id).at("/reported/homeMqtt/status").asString()));
        assertThat(owner.lock(id).get("online").asBoolean()).isTrue();
        assertThat(lock.running().linked()).isTrue();
        home.start();
        await().atMost(SOON).until(() -> "CONNECTED".equals(owner.lock(id).at("/reported/homeMqtt/status").asString()));
        homeAssistant.connect().get(5, TimeUnit.SECONDS);
        homeAssistant.subscribeWith().topicFilter("homeassistant/+/" + lock.serial + "/#").qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> heard.put(p.getTopic().toString(), new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                .send().get(5, TimeUnit.SECONDS);

        // turned off from the app: the lock empties its documents on the home broker and reports OFF
        expect(owner.put(base + "/home-mqtt", Map.of("enabled", false)), 200);
        await().atMost(SOON).until(() -> "OFF".equals(owner.lock(id).at("/reported/homeMqtt/status").asString()));
        await().atMost(Duration.ofSeconds(5)).until(() -> "".equals(heard.get(ha.discoveryTopic(HomeAssistant.Entity.LOCK_ENTITY))));
    }

    @Test
    @DisplayName("SPEC C12 H6 in a real headless Chromium: the Settings page's Home MQTT card sets the broker, shows Connected and that a password is set, never the password")
    void homeMqttCard() throws Exception {
        home = HomeBroker.running();
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        Browser browser = Browser.start(Browser.DESKTOP);
        try {
            BrowserPages page = new BrowserPages(browser, 400);
            browser.driver.get(cloud.uri() + "/");
            page.signIn(owner.email, Account.PASSWORD);
            page.visible("signout");
            browser.driver.get(cloud.uri() + "/#/lock/" + id + "/settings");
            page.waitForText("home-mqtt-status", "Off");
            page.click("home-mqtt-enabled");
            page.type("home-mqtt-host", "127.0.0.1");
            page.type("home-mqtt-port", Integer.toString(home.port));
            page.type("home-mqtt-username", HomeBroker.LOCK_USER);
            page.type("home-mqtt-password", home.lockPassword);
            page.click("home-mqtt-allow-unlock");
            page.click("home-mqtt-save");
            page.waitForText("home-mqtt-status", "Connected");
            page.waiting().until(d -> "A password is set".equals(
                    d.findElement(By.id("home-mqtt-password")).getAttribute("placeholder")));
            assertThat(browser.driver.findElement(By.id("home-mqtt-password")).getAttribute("value")).isEmpty();
            assertThat(browser.driver.findElement(By.id("home-mqtt-allow-unlock")).isSelected()).isTrue();
            assertThat(browser.driver.getPageSource()).doesNotContain(home.lockPassword);
            assertThat(owner.lock(id).at("/reported/homeMqtt/allowUnlock").asBoolean()).isTrue();
            page.shots("home-mqtt", "home-mqtt");
            BrowserPages.noConsoleErrors(browser);
        } finally {
            browser.close();
        }
    }

    @Test
    @DisplayName("SPEC H6: values the lock would refuse are refused by the cloud with 400 and the reason, nothing is queued; a member may not change it")
    void badValuesRefusedUpFront() throws Exception {
        Account owner = Account.signUp(cloud);
        Lock lock = newLock();
        String id = pair(owner, lock);
        String base = "/api/locks/" + id;
        Api.Response noHost = expect(owner.put(base + "/home-mqtt", Map.of("enabled", true, "port", 1883)), 400);
        assertThat(noHost.error()).contains("host");
        Api.Response badPort = expect(owner.put(base + "/home-mqtt", Map.of("enabled", true, "host", "broker.local", "port", 70000)), 400);
        assertThat(badPort.error()).contains("port");
        expect(owner.put(base + "/home-mqtt", Map.of("host", "broker.local")), 400);
        expect(owner.put(base + "/home-mqtt", "{\"enabled\":"), 400);
        Account member = Account.signUp(cloud);
        expect(owner.post(base + "/shares", Map.of("email", member.email, "role", "MEMBER")), 201);
        Api.Response asMember = member.put(base + "/home-mqtt", Map.of("enabled", false));
        assertThat(asMember.status()).isEqualTo(403);
        JsonNode commands = expect(owner.get(base + "/commands"), 200).json();
        assertThat(StreamSupport.stream(commands.spliterator(), false))
                .noneMatch(c -> "SET_HOME_MQTT".equals(c.at("/command/type").asString()));
    }
}
