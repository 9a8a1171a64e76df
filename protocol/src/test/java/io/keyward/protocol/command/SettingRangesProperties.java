package io.keyward.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;

/**
 * SPEC H6, C8, F2: the ranges of the settings, as both the lock and the cloud check them (the cloud
 * refuses with 400 what the lock would refuse, issue 12).
 */
class SettingRangesProperties {

    @Property
    @Label("SPEC C8 RELOCK_SECONDS accepts exactly the whole seconds 5 to 120")
    void relockSeconds(@ForAll int seconds) {
        accepts(Setting.RELOCK_SECONDS, seconds, seconds >= 5 && seconds <= 120);
    }

    @Property
    @Label("SPEC F2 SYNCHRONIZATION_SECONDS accepts exactly the whole seconds 5 to 60")
    void synchronizationSeconds(@ForAll int seconds) {
        accepts(Setting.SYNCHRONIZATION_SECONDS, seconds, seconds >= 5 && seconds <= 60);
    }

    @Property
    @Label("SPEC H6 a switch accepts true and false in any case, and no other text")
    void switches(@ForAll String text) {
        boolean valid = text.trim().equalsIgnoreCase("true") || text.trim().equalsIgnoreCase("false");
        for (Setting s : new Setting[] {Setting.REMOTE_UNLOCK, Setting.PRIVACY_MODE, Setting.WIFI}) {
            if (valid) {
                assertThat(s.normalize(text)).isEqualTo(text.trim().toLowerCase());
            } else {
                assertThatThrownBy(() -> s.normalize(text)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage(s + " must be one of [false, true]");
            }
        }
    }

    @Example
    @Label("SPEC A4, A5, C1 the word settings: stored upper case; anything else refused with the choices; no value refused")
    void words() {
        assertThat(Setting.BODY_TYPE.normalize(" without_sensor ")).isEqualTo("WITHOUT_SENSOR");
        assertThat(Setting.LANGUAGE.normalize("zh")).isEqualTo("ZH");
        assertThat(Setting.FACE_TRIGGER.normalize("Manual")).isEqualTo("MANUAL");
        assertThatThrownBy(() -> Setting.LANGUAGE.normalize("FR")).hasMessage("LANGUAGE must be one of [EN, ZH]");
        assertThatThrownBy(() -> Setting.RELOCK_SECONDS.normalize("12.5")).hasMessage("RELOCK_SECONDS must be whole seconds from 5 to 120");
        assertThatThrownBy(() -> Setting.WIFI.normalize(null)).hasMessage("WIFI needs a value");
    }

    private static void accepts(Setting setting, int seconds, boolean valid) {
        if (valid) {
            assertThat(setting.normalize(" " + seconds + " ")).isEqualTo(Integer.toString(seconds));
        } else {
            assertThatThrownBy(() -> setting.normalize(Integer.toString(seconds))).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
