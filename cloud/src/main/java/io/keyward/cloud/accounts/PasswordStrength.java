package io.keyward.cloud.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.Dictionary;
import me.gosimple.nbvcxz.resources.DictionaryBuilder;
import me.gosimple.nbvcxz.scoring.Result;
import org.springframework.stereotype.Component;

/**
 * Refuses guessable passwords at sign-up (issue 10 finding 10c) with nbvcxz, a zxcvbn-style estimator
 * with dictionaries of common passwords, names and words, keyboard patterns, repeats and sequences.
 * The account's own email, its local part and the words in it are added as an exclusion list: a
 * password made of them is refused whatever its length. The reason given is the estimator's own
 * feedback (its warning and suggestions), so the person learns why.
 * <p>
 * The bar is {@value #MINIMUM_BITS} bits of estimated entropy (nbvcxz's default is 35): sign-in is
 * rate-limited per address and per account (SignInThrottle) and hashes are Argon2id, so 2^32 guesses
 * are far out of reach online and slow offline (the demo account's password passes with its own email
 * excluded: AccountTakeoverTest).
 */
@Component
class PasswordStrength {

    static final double MINIMUM_BITS = 32;

    /** The reason a password is too weak, or empty when it is strong enough. */
    Optional<String> weakness(String password, String email) {
        Nbvcxz estimator = new Nbvcxz(new ConfigurationBuilder()
                .setDictionaries(dictionaries(email))
                .setMinimumEntropy(MINIMUM_BITS)
                .setLocale(Locale.ENGLISH)
                .createConfiguration());
        Result result = estimator.estimate(password);
        if (result.isMinimumEntropyMet()) {
            return Optional.empty();
        }
        return Optional.of(reason(result));
    }

    /** E.g. "too easy to guess: This is a top-100 common password. Add another word or two. ..." */
    private static String reason(Result result) {
        StringBuilder reason = new StringBuilder("too easy to guess:");
        if (result.getFeedback().getWarning() != null) {
            reason.append(' ').append(result.getFeedback().getWarning());
        }
        result.getFeedback().getSuggestion().forEach(suggestion -> reason.append(' ').append(suggestion));
        return reason.toString();
    }

    /** The standard dictionaries plus this account's email, its local part and each word of it, excluded. */
    private static List<Dictionary> dictionaries(String email) {
        String normalized = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        DictionaryBuilder own = new DictionaryBuilder().setDictionaryName("account").setExclusion(true);
        if (!normalized.isEmpty()) {
            own.addWord(normalized, 0);
            String local = normalized.contains("@") ? normalized.substring(0, normalized.indexOf('@')) : normalized;
            own.addWord(local, 0);
            for (String word : normalized.split("[^\\p{L}\\p{N}]+")) {
                if (word.length() >= 3) {
                    own.addWord(word, 0);
                }
            }
        }
        List<Dictionary> dictionaries = new ArrayList<>(ConfigurationBuilder.getDefaultDictionaries());
        dictionaries.add(own.createDictionary());
        return dictionaries;
    }
}
