// The app's words, one table per language (messages-<language>.js), and dates in one time zone per
// page, written the language's way. Every word the app shows goes through t(key): issue 14 writes
// them in English, issue 13 adds Chinese, and AppMessagesTest fails the build when a key is missing
// from any table (AppWordsLintTest when a word is written outside one). docs/app-languages.md.

import en from './messages-en.js';
import zh from './messages-zh.js';

const TABLES = { en, zh };
const FALLBACK = 'en';
const STORED = 'keyward.language';

let current = chooseLanguage();

/** The saved choice, else the browser's first language we have, else English. */
function chooseLanguage() {
  const saved = safeStorage()?.getItem(STORED);
  if (saved && TABLES[saved]) {
    return saved;
  }
  const wanted = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || FALLBACK]);
  for (const tag of wanted) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (TABLES[base]) {
      return base;
    }
  }
  return FALLBACK;
}

// Storage can throw (a private window, a browser policy): the language then lasts for the page.
function safeStorage() {
  try {
    return window.localStorage;
  } catch (e) {
    return null;
  }
}

/**
 * The words for key in the current language, with {name} placeholders filled from params. A key
 * missing from the language falls back to English; a key missing everywhere shows as itself (and
 * AppMessagesTest fails), never as nothing.
 */
export function t(key, params) {
  const text = TABLES[current][key] ?? TABLES[FALLBACK][key];
  if (text === undefined) {
    return key;
  }
  if (!params) {
    return text;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** Whether the table has the key (for words keyed by a code that a newer lock may add). */
export const has = (key) => key in TABLES[current] || key in TABLES[FALLBACK];

export const language = () => current;
export const languages = () => Object.keys(TABLES);

/**
 * The locale dates are written in: the browser's own tag when it is of the chosen language (en-GB
 * writes 6 Dec 2026, en-US Dec 6, 2026), else the language itself.
 */
export function locale() {
  const tags = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  const own = tags.find((tag) => tag && String(tag).toLowerCase().split('-')[0] === current);
  return own || current;
}

/** Switches language for this browser; the caller re-renders the page. */
export function setLanguage(lang) {
  if (!TABLES[lang]) {
    return false;
  }
  current = lang;
  safeStorage()?.setItem(STORED, lang);
  document.documentElement.lang = lang;
  return true;
}

document.documentElement.lang = current;

/** The zone when this browser knows it, else undefined (the browser's own). */
export function knownZone(zone) {
  if (!zone) {
    return undefined;
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch (e) {
    return undefined;
  }
}

function format(instant, timeZone, options) {
  if (instant === null || instant === undefined || instant === '') {
    return '';
  }
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) {
    return String(instant);
  }
  return new Intl.DateTimeFormat(locale(), { ...options, timeZone: knownZone(timeZone) }).format(date);
}

/**
 * Date and time of an instant in the page's time zone (the home's, else the browser's), to the minute
 * or, with seconds, to the second.
 */
export const dateTime = (instant, timeZone, seconds = false) => format(instant, timeZone,
  { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' });

/** The date alone. */
export const date = (instant, timeZone) => format(instant, timeZone, { dateStyle: 'medium' });

/** The time of day alone. */
export const time = (instant, timeZone) => format(instant, timeZone, { timeStyle: 'short' });
