package io.keyward.lock.prompts;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The voice prompt catalogue (SPEC A5): one text per prompt per language, loaded once. A missing
 * text is an error at load, never a silent fallback to another language; a test loads every
 * language so the build fails first.
 */
public final class VoicePrompts {

    /** Languages the lock offers, as the LANGUAGE setting names them. */
    public static final List<String> LANGUAGES = List.of("EN", "ZH");

    private static final Map<String, Map<Prompt, String>> CATALOGUE = loadAll();

    private VoicePrompts() {
    }

    public static String text(Prompt prompt, String language) {
        Map<Prompt, String> texts = CATALOGUE.get(language);
        if (texts == null) {
            throw new IllegalArgumentException("no voice prompts in " + language);
        }
        return texts.get(prompt);
    }

    private static Map<String, Map<Prompt, String>> loadAll() {
        Map<String, Map<Prompt, String>> all = new java.util.HashMap<>();
        for (String language : LANGUAGES) {
            all.put(language, load(language));
        }
        return all;
    }

    /** Loads one language and insists that every prompt is there and nothing else. */
    static Map<Prompt, String> load(String language) {
        String file = "prompts_" + language.toLowerCase() + ".properties";
        Properties props = new Properties();
        try (InputStream in = VoicePrompts.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("voice prompt file missing: " + file);
            }
            props.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Prompt, String> texts = new EnumMap<>(Prompt.class);
        for (Prompt p : Prompt.values()) {
            String text = props.getProperty(p.name());
            if (text == null || text.isBlank()) {
                throw new IllegalStateException("voice prompt " + p + " missing in " + file);
            }
            texts.put(p, text.trim());
        }
        for (String key : props.stringPropertyNames()) {
            if (texts.keySet().stream().noneMatch(p -> p.name().equals(key))) {
                throw new IllegalStateException("unknown voice prompt " + key + " in " + file);
            }
        }
        return texts;
    }
}
