package io.keyward.cloud.visitors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.keyward.cloud.browser.ModulePage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, trust design §5 (SPEC E1, E2): the app's JavaScript port of the visitor codes
 * (static/app/visitor-codes.js) in a real headless Chromium makes exactly the digits of every vector in
 * protocol/src/test/resources/visitor-vectors.json, which VisitorVectorsTest keeps equal to what the Java
 * classes (the lock's side) make; its keys are non-extractable and bad input is refused with a reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("E1, E2 visitor codes made in the browser equal the Java vectors")
class VisitorCodesJsBrowserTest {

    static final Path VECTORS = Path.of("../protocol/src/test/resources/visitor-vectors.json");

    ModulePage page;
    String vectors;

    @BeforeAll
    void start() throws IOException {
        vectors = Files.readString(VECTORS, StandardCharsets.UTF_8);
        page = ModulePage.start("visitor codes harness");
    }

    @AfterAll
    void stop() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    @DisplayName("E1, E2 every one-time, periodic and revoke vector, and every effective end, is reproduced digit for digit")
    void reproducesEveryVector() {
        Object answer = script("""
                const v = %s;
                const keys = await vc.visitorKeys(v.secret);
                const wrong = [];
                let checked = 0;
                const same = (what, row, got) => { checked++; if (got !== row.digits) wrong.push(what + ' ' + JSON.stringify(row) + ' got ' + got); };
                for (const row of v.oneTime) {
                  const code = await vc.oneTime(keys, row.startHour, row.serial);
                  same('oneTime', row, code.digits);
                  if (code.id.variant !== row.variant || code.untilHour !== row.untilHour) wrong.push('oneTime id ' + JSON.stringify(code));
                }
                for (const row of v.periodic) {
                  const code = await vc.periodic(keys, row.startHour, row.endHour, row.serial);
                  same('periodic', row, code.digits);
                  if (code.id.variant !== row.variant || code.untilHour !== row.untilHour
                      || vc.effectiveEnd(row.startHour, row.endHour) !== row.effectiveEnd) wrong.push('periodic id ' + JSON.stringify(code));
                }
                for (const row of v.revoke) {
                  const code = await vc.revoke(keys, row.target, row.revokeHour);
                  same('revoke', row, code.digits);
                  if (code.id.variant !== row.variant) wrong.push('revoke variant ' + JSON.stringify(code));
                }
                return JSON.stringify({ checked, wrong, counts: [v.oneTime.length, v.periodic.length, v.revoke.length] });
                """.formatted(vectors));
        assertThat(answer).asString().doesNotStartWith("error");
        Map<?, ?> result = tools.jackson.databind.json.JsonMapper.builder().build().readValue((String) answer, Map.class);
        assertThat((List<?>) result.get("wrong")).isEmpty();
        List<?> counts = (List<?>) result.get("counts");
        assertThat(result.get("checked")).isEqualTo(counts.stream().mapToInt(n -> (Integer) n).sum());
        assertThat((Integer) result.get("checked")).isGreaterThanOrEqualTo(60);
        assertThat(page.browser.consoleErrors()).isEmpty();
    }

    @Test
    @DisplayName("trust §5 the derived keys are non-extractable HMAC keys; hours round down like VisitorCode.hourOf")
    void keysAndHours() {
        Object answer = script("""
                const keys = await vc.visitorKeys('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8');
                return [keys.permutation.extractable, keys.tag.extractable, keys.tag.algorithm.name,
                        vc.hourOf(new Date('2026-01-01T00:59:59Z')), vc.hourOf(Date.parse('2026-12-04T23:00:00Z')),
                        vc.startOf(8111).toISOString(), vc.codeName({kind: 'ONE_TIME', startHour: 8111, variant: 3})].join(',');
                """);
        assertThat(answer).isEqualTo("false,false,HMAC,0,8111,2026-12-04T23:00:00.000Z,ONE_TIME/8111/3");
    }

    @Test
    @DisplayName("E1, E2 bad input is refused with a reason: secret, serial, period, hour, revoke reach, revoking a revoke code")
    void refusals() {
        Object answer = script("""
                const keys = await vc.visitorKeys('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8');
                const reason = async (f) => { try { await f(); return 'made'; } catch (e) { return e.reason || e.message; } };
                return [
                  await reason(() => vc.visitorKeys('short')),
                  await reason(() => vc.visitorKeys('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8A')),
                  await reason(() => vc.oneTime(keys, 8111, 16)),
                  await reason(() => vc.oneTime(keys, -1, 0)),
                  await reason(() => vc.oneTime(keys, 2147483648, 0)),
                  await reason(() => vc.oneTime(keys, 1.5, 0)),
                  await reason(() => vc.periodic(keys, 8111, 8111, 0)),
                  await reason(() => vc.periodic(keys, 8111, 8112, 2)),
                  await reason(() => vc.revoke(keys, {kind: 'ONE_TIME', startHour: 8000 - 129, variant: 0}, 8000)),
                  await reason(() => vc.revoke(keys, {kind: 'ONE_TIME', startHour: 8000 + 128, variant: 0}, 8000)),
                  await reason(() => vc.revoke(keys, {kind: 'REVOKE', startHour: 8000, variant: 0}, 8000)),
                  await reason(() => vc.hourOf(Date.parse('2025-12-31T23:59:59Z'))),
                ].join(',');
                """);
        assertThat(answer).isEqualTo("BAD_SECRET,BAD_SECRET,BAD_SERIAL,BAD_HOUR,BAD_HOUR,BAD_HOUR,BAD_PERIOD,BAD_SERIAL,"
                + "OUT_OF_REACH,OUT_OF_REACH,BAD_KIND,BAD_HOUR");
    }

    private Object script(String body) {
        return page.run("visitor-codes.js", "vc", body);
    }
}
