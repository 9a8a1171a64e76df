// What every view shares: the account, feedback, navigation and the alerts (the bell, the live
// stream, the toast). Views and common.js import `app` from here; main.js (the entry) hands its
// router in with setRouter, so this module imports no view and nothing imports main.js.
import { ApiError, del, get, setUnauthorizedHandler } from './api.js';
import { onToastClick, showMessage, showToast } from './feedback.js';
import * as words from './words.js';
import { explain, withPrefix } from './errors.js';
import { language, languages, setLanguage, t } from './i18n.js';

const SIGNED_IN = 'keyward.signedIn';
const countBadge = document.getElementById('alerts-count');
const bell = document.getElementById('alerts-bell');

let flashText = null;
let router = () => {};

/** What every view shares: the account, feedback, navigation, polling and the alerts. */
export const app = {
  me: null,
  unread: 0,
  alertListeners: new Set(),
  /** Called with a person's JSON on each live `person` event (issue 13; view-people.js). */
  personListeners: new Set(),

  /** A status line (role="status"). */
  say(text) {
    showMessage(text, false);
  },

  /** An error or refusal (role="alert"), from an ApiError or a text. */
  fail(error, prefix) {
    if (error && error.name === 'AbortError') {
      return;
    }
    // in the chosen language: a code's words from the table (the code itself stays in the API body),
    // else the kind of failure (errors.js, docs/app-languages.md)
    showMessage(withPrefix(prefix, explain(error)), true);
  },

  clear() {
    showMessage('', false);
  },

  /** A message kept across the next navigation (e.g. "Lock added" when the lock page opens). */
  flash(text) {
    flashText = text;
  },

  go(hash) {
    if (location.hash === hash) {
      router();
    } else {
      location.hash = hash;
    }
  },

  toast(text) {
    showToast(text);
  },

  refreshUnread,
};

/** main.js's router: app.go runs it when the hash does not change (so the page renders again). */
export function setRouter(route) {
  router = route;
}

/** The flashed message for the page being shown, once (null when there is none). */
export function takeFlash() {
  const text = flashText;
  flashText = null;
  return text;
}

onToastClick(() => app.go('#/alerts'));

// ---- signed in or not ----

/**
 * The words of the page around the views (index.html's header, the skip link, the title), in the
 * chosen language: at start and after a switch of language.
 */
export function paintShell() {
  document.title = t('app.title');
  document.getElementById('skip').textContent = t('app.skip');
  document.getElementById('topnav').setAttribute('aria-label', t('nav.main'));
  document.getElementById('nav-locks').textContent = t('nav.locks');
  document.getElementById('nav-people').textContent = t('people.nav');
  document.getElementById('signout').textContent = t('account.signOut');
  languageSelect.setAttribute('aria-label', t('language.label'));
  languageSelect.title = t('language.label');
  setUnread(app.unread);
}

// ---- the language switch (issue 13 item 4): in the header, signed in or not ----

const languageSelect = document.getElementById('language');
// keys: language.*
languageSelect.replaceChildren(...languages().map((lang) => {
  const option = document.createElement('option');
  option.value = lang;
  option.textContent = t(`language.${lang}`);
  return option;
}));
languageSelect.value = language();
languageSelect.addEventListener('change', () => {
  if (setLanguage(languageSelect.value)) {
    app.clear(); // the status line was in the other language
    paintShell();
    router(); // the page again, in the new language
  }
});

export function signedIn(account) {
  app.me = account;
  localStorage.setItem(SIGNED_IN, '1');
  document.getElementById('topnav').hidden = false;
  document.getElementById('account-name').textContent = account.displayName || account.email;
  document.getElementById('account-name').title = account.email;
  startAlerts();
}

function signedOut(reason) {
  app.me = null;
  localStorage.removeItem(SIGNED_IN);
  document.getElementById('topnav').hidden = true;
  document.getElementById('account-name').textContent = '';
  stopAlerts();
  setUnread(0);
  if (reason) {
    app.flash(reason);
  }
  app.go('#/signin');
}

/**
 * Whether this browser signed in last time. The session cookie is HttpOnly: a localStorage flag set
 * at sign-in says whether to ask who we are, so a signed-out visit makes no failing request.
 */
export function wasSignedIn() {
  return localStorage.getItem(SIGNED_IN) === '1';
}

/** At start, when wasSignedIn: asks the cloud who we are; signed in, or the flag goes. */
export async function resumeSession() {
  try {
    const { data } = await get('/api/me', { quiet401: true });
    signedIn(data);
  } catch (e) {
    localStorage.removeItem(SIGNED_IN);
    if (!(e instanceof ApiError && e.status === 401)) {
      app.flash(withPrefix(t('session.unreachable'), explain(e)));
    }
  }
}

setUnauthorizedHandler(() => {
  if (app.me) {
    signedOut(t('session.ended'));
  }
});

document.getElementById('signout').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  button.disabled = true;
  try {
    await del('/api/session', { quiet401: true });
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) {
      button.disabled = false;
      app.fail(e, t('session.couldNotSignOut'));
      return;
    }
  }
  button.disabled = false;
  signedOut(t('session.signedOut'));
});

// ---- alerts: the bell, the live stream, the toast ----

let stream = null;
let countTimer = null;
let retryTimer = null;

function setUnread(n) {
  app.unread = Math.max(0, n);
  countBadge.textContent = app.unread > 99 ? '99+' : String(app.unread);
  countBadge.hidden = app.unread === 0;
  bell.setAttribute('aria-label', t('nav.alerts', { n: app.unread }));
  bell.classList.toggle('has-unread', app.unread > 0);
}

async function refreshUnread() {
  if (!app.me) {
    return;
  }
  try {
    const { data } = await get('/api/alerts/unread-count');
    setUnread(data.unread);
  } catch {
    // the next refresh tries again; a 401 signs out through the handler
  }
}

function startAlerts() {
  stopAlerts();
  refreshUnread();
  countTimer = setInterval(refreshUnread, 30000);
  openStream();
}

function openStream() {
  if (!app.me || typeof EventSource === 'undefined') {
    return;
  }
  const source = new EventSource('/api/alerts/stream');
  stream = source;
  source.addEventListener('alert', (event) => {
    let alert;
    try {
      alert = JSON.parse(event.data);
    } catch {
      return;
    }
    setUnread(app.unread + (alert.read ? 0 : 1));
    showToast(t('alerts.toast', { alarm: words.alarm(alert.kind), lock: alert.lockName || t('alerts.yourLock') }));
    for (const listener of app.alertListeners) {
      listener(alert);
    }
  });
  // a person's sync state, pushed on the same stream (docs/people.md): the people page listens
  source.addEventListener('person', (event) => {
    let person;
    try {
      person = JSON.parse(event.data);
    } catch {
      return;
    }
    for (const listener of app.personListeners) {
      listener(person);
    }
  });
  source.addEventListener('open', () => refreshUnread());
  source.addEventListener('error', () => {
    if (stream !== source || source.readyState !== EventSource.CLOSED) {
      return; // the browser reconnects by itself
    }
    // closed for good: find out whether the session ended, else try again a little later
    stream = null;
    get('/api/me', { quiet401: true }).then(() => {
      retryTimer = setTimeout(openStream, 5000);
    }).catch((e) => {
      if (e instanceof ApiError && e.status === 401) {
        signedOut(t('session.ended'));
      } else {
        retryTimer = setTimeout(openStream, 5000);
      }
    });
  });
}

function stopAlerts() {
  clearInterval(countTimer);
  clearTimeout(retryTimer);
  if (stream) {
    stream.close();
    stream = null;
  }
}

window.addEventListener('pagehide', () => {
  if (stream) {
    stream.close();
    stream = null;
  }
});
