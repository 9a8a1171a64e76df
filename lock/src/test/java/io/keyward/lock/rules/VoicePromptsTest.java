package io.keyward.lock.rules;

import io.keyward.lock.prompts.Prompt;
import io.keyward.lock.prompts.VoicePrompts;
import io.keyward.protocol.command.Setting;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SPEC A5: voice prompt language")
class VoicePromptsTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("A5: every prompt exists in every offered language, and the languages differ (no silent fallback)")
    void everyPromptInEveryLanguage() {
        for (Prompt p : Prompt.values()) {
            String en = VoicePrompts.text(p, "EN");
            String zh = VoicePrompts.text(p, "ZH");
            assertThat(en).as(p + " in EN").isNotBlank();
            assertThat(zh).as(p + " in ZH").isNotBlank();
            assertThat(zh).as(p + " translated").isNotEqualTo(en);
            assertThat(zh.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN))
                    .as(p + " in Chinese script").isTrue();
        }
    }

    @Test
    @DisplayName("A5: the language is a setting; prompts follow it")
    void languageSetting() throws Exception {
        try (TestLock t = new TestLock(dir)) {
            t.lock.touch();
            assertThat(t.state().prompts().get(0).text()).isEqualTo(VoicePrompts.text(Prompt.CREATE_ADMIN, "EN"));
            t.createAdministrator(TestLock.ADMIN_PASSCODE);
            t.set(Setting.LANGUAGE, "ZH");
            t.settle();
            t.type("000000");
            var prompts = t.state().prompts();
            assertThat(prompts.get(prompts.size() - 1).text()).isEqualTo(VoicePrompts.text(Prompt.VERIFICATION_FAILED, "ZH"));
            assertThat(t.command(new io.keyward.protocol.command.LockCommand.ChangeSetting(Setting.LANGUAGE, "FR")).reason())
                    .isEqualTo("BAD_VALUE");
        }
    }
}
