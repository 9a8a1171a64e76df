package io.keyward.lock.rules;

import io.keyward.lock.core.Credential;
import io.keyward.lock.core.PasscodeBook;
import io.keyward.lock.core.PasscodeRules;
import io.keyward.lock.core.PasscodeRules.Violation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Property tests of the passcode rules (SPEC A2) and anti-peeping over keyed hashes (SPEC C3). */
class PasscodeProperties {

    private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);

    @Property
    @Label("A2: a passcode is allowed exactly when it is 6-10 digits, not one digit repeated, not a run up or down")
    void rulesMatchTheirDefinition(@ForAll @NumericChars @StringLength(min = 1, max = 12) String digits) {
        boolean length = digits.length() >= 6 && digits.length() <= 10;
        boolean repeated = digits.chars().distinct().count() == 1;
        boolean up = true;
        boolean down = true;
        for (int i = 1; i < digits.length(); i++) {
            up &= digits.charAt(i) == digits.charAt(i - 1) + 1;
            down &= digits.charAt(i) == digits.charAt(i - 1) - 1;
        }
        boolean allowed = length && !repeated && !up && !down;
        assertThat(PasscodeRules.check(digits) == null).as(digits).isEqualTo(allowed);
    }

    @Property
    @Label("A2: every repeated digit and every consecutive run of 6-10 digits is refused")
    void trivialPasscodesRefused(@ForAll @IntRange(min = 0, max = 9) int start, @ForAll @IntRange(min = 6, max = 10) int length) {
        assertThat(PasscodeRules.check(String.valueOf((char) ('0' + start)).repeat(length))).isEqualTo(Violation.REPEATED_DIGIT);
        if (start + length <= 10) {
            StringBuilder up = new StringBuilder();
            for (int i = 0; i < length; i++) {
                up.append((char) ('0' + start + i));
            }
            assertThat(PasscodeRules.check(up.toString())).isEqualTo(Violation.CONSECUTIVE_DIGITS);
            assertThat(PasscodeRules.check(up.reverse().toString())).isEqualTo(Violation.CONSECUTIVE_DIGITS);
        }
    }

    @Property
    @Label("A2: anything but digits is refused")
    void nonDigitsRefused(@ForAll @StringLength(min = 6, max = 10) String text) {
        Assume.that(!text.chars().allMatch(Character::isDigit) || text.chars().anyMatch(c -> c > '9' || c < '0'));
        assertThat(PasscodeRules.check(text)).isEqualTo(Violation.NOT_DIGITS);
    }

    @Property
    @Label("C3: an enrolled passcode embedded anywhere in up to 20 typed digits opens, as its own credential")
    void embeddedPasscodeOpens(@ForAll("passcodes") String passcode, @ForAll @NumericChars @StringLength(max = 14) String noise,
                               @ForAll @IntRange(min = 0, max = 14) int cut) {
        int split = Math.min(cut, noise.length());
        String typed = noise.substring(0, split) + passcode + noise.substring(split);
        Assume.that(typed.length() <= PasscodeRules.MAX_TYPED);
        List<Credential> enrolled = List.of(PasscodeBook.credential(SECRET, "passcode-1", 1, false, passcode));
        assertThat(PasscodeBook.find(SECRET, typed, enrolled)).isNotNull();
    }

    @Property
    @Label("C3: a string containing no enrolled passcode as a run never opens")
    void noRunNeverOpens(@ForAll("enrolled") List<String> passcodes, @ForAll @NumericChars @StringLength(max = 20) String typed) {
        Assume.that(passcodes.stream().noneMatch(typed::contains));
        List<Credential> enrolled = new ArrayList<>();
        for (int i = 0; i < passcodes.size(); i++) {
            enrolled.add(PasscodeBook.credential(SECRET, "passcode-" + (i + 1), i + 1, false, passcodes.get(i)));
        }
        assertThat(PasscodeBook.find(SECRET, typed, enrolled)).isNull();
    }

    @Property(tries = 200)
    @Label("C3: with a passcode inside, the typed string opens however it was padded (near-miss: one digit changed never does)")
    void nearMissNeverOpens(@ForAll("passcodes") String passcode, @ForAll @IntRange(min = 0, max = 9) int position,
                            @ForAll @IntRange(min = 1, max = 9) int delta) {
        int at = position % passcode.length();
        char changed = (char) ('0' + (passcode.charAt(at) - '0' + delta) % 10);
        String typed = passcode.substring(0, at) + changed + passcode.substring(at + 1);
        List<Credential> enrolled = List.of(PasscodeBook.credential(SECRET, "passcode-1", 1, false, passcode));
        assertThat(PasscodeBook.find(SECRET, typed, enrolled)).isNull();
    }

    @Provide
    Arbitrary<String> passcodes() {
        return Arbitraries.strings().numeric().ofMinLength(6).ofMaxLength(10).filter(p -> PasscodeRules.check(p) == null);
    }

    @Provide
    Arbitrary<List<String>> enrolled() {
        return passcodes().list().ofMinSize(1).ofMaxSize(5);
    }
}
