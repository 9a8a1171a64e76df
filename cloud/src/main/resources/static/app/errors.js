// Every error the app shows, in the chosen language (issue 13 item 4; docs/app-languages.md). An
// answer with a code the table knows (the API's `reason`: the lock's refusals, the cloud's own) shows
// the table's words in any language. One without a known code shows, in English, the cloud's own
// words as before (they are English and name the field and rule); in any other language a sentence
// for its kind (offline, the cloud failed, refused, not found ...), never English in the middle.
import { ApiError } from './api.js';
import { has, language, t } from './i18n.js';

// keys: error.*
/** The sentence for a failure of this kind, when its code (if any) is not in the table. */
function kindKey(error) {
  if (!(error instanceof ApiError)) {
    return 'error.unexpected';
  }
  if (error.status === 0) {
    return 'error.offline';
  }
  if (error.status >= 500) {
    return 'error.server';
  }
  return { 401: 'error.signIn', 403: 'error.forbidden', 404: 'error.notFound', 429: 'error.tooMany' }[error.status]
    || 'error.refused';
}

/** The cloud's words as a sentence: a capital first, a full stop last. */
export function asSentence(words) {
  const text = String(words);
  return `${text[0].toUpperCase()}${text.slice(1)}${/[.!?。！？]$/.test(text) ? '' : '.'}`;
}

/**
 * An error (ApiError, Error, or the app's own words as a string) in the chosen language. English
 * keeps the words the app always showed: a coded refusal's cloud words as a sentence, any other
 * answer's words as the cloud wrote them (as a sentence too when asked: the words stand alone).
 */
export function explain(error, sentence = false) {
  if (typeof error === 'string') {
    return error;
  }
  const code = error && error.data && typeof error.data.reason === 'string' ? error.data.reason : null;
  if (code && has(`refusal.${code}`)) {
    return t(`refusal.${code}`);
  }
  const detail = error instanceof ApiError ? error.reason : error && error.message;
  if (language() === 'en' && detail) {
    return code || sentence ? asSentence(detail) : detail;
  }
  return t(kindKey(error));
}

/** "Could not sign in: <why>", joined the language's way. */
export function withPrefix(prefix, said) {
  return prefix ? t('error.withPrefix', { prefix, reason: said }) : said;
}
