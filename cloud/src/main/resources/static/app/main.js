/*
 * Keyward web app: a single page with hash routes, talking only to the cloud's REST API (/api/**)
 * with the session cookie. No build step, no dependencies: ES modules served as they are.
 *
 * Modules: this entry holds the routes, each view's lifetime and the start; it imports the views
 * (view-*.js) and session.js (the account, feedback, navigation and alerts every view shares). Nothing
 * imports main.js and no module imports another in a circle (AppModulesTest, docs/cloud.md "The web app").
 *
 * Routes
 *   #/signin                 sign in and sign up (both forms on one page)
 *   #/invite/{token}         an invitation link: what it invites to, sign up or sign in, accept (H3)
 *   #/locks                  my locks and the locks shared with me
 *   #/add                    add a lock by its pairing QR (paste, or scan where the browser can)
 *   #/lock/{id}              the lock page (SPEC H2), polled every second
 *   #/lock/{id}/users        User Management: lock users, credentials, guided enrolment
 *   #/lock/{id}/settings     Settings (H6), lift a lockout
 *   #/lock/{id}/sharing      Sharing (H3, owner), remove the lock
 *   #/lock/{id}/events       All events (H5), filters, paging, live first page
 *   #/lock/{id}/visitors     Visitor Passcode (E1, E2, E4; owner/manager): create, list, revoke
 *   #/lock/{id}/sync         Synchronized unlock (F1, F2; owner/manager): link, countdown, remove
 *   #/lock/{id}/bluetooth    Bluetooth Key (C5, E3): unlock nearby, pairing codes (owner), keys, revoke
 *   #/bluetooth              My Bluetooth keys (E3): redeem a pairing code, unlock nearby per key
 *   #/alerts                 Alerts (H4): list, mark read
 *   #/webhooks               Webhooks (issue 12): the account's endpoints, add (secret shown once), test, delete
 *   #/people                 People across locks (issue 13): one passcode and schedule on several locks, live states
 *   #/lock/{id}/live         Live (H7): the door camera's stream; the refusal's reason below 20 % battery
 *   #/lock/{id}/devices      Devices (issue 15): the lock's owner devices, bind this device, remove another
 *
 * Stable element ids (for tests)
 *   header:    nav-locks, alerts-bell, alerts-count, account-name, signout, message (status/error
 *              line; role="alert" while it shows an error), toast (role="alert", live alerts)
 *   sign in:   signin-email, signin-password, signin-submit,
 *              signup-email, signup-name, signup-password, signup-submit
 *   locks:     lock-list (items li[data-lock-id], each with a link a.lock-link), add-lock
 *   add lock:  pairing-code, lock-name, pair-submit, scan-qr (only where BarcodeDetector and a
 *              camera exist), scan-video, scan-stop
 *   lock page: lock-title, lock-serial, lock-role, lock-online, lock-battery, lock-wifi,
 *              lock-bluetooth, lock-door, lock-bolt, lock-lockout, lock-pending, unlock,
 *              lift-lockout (when locked out; owner/manager), open-users, open-settings
 *              (owner/manager), open-events, open-sharing (owner), open-visitor (owner/manager),
 *              open-bluetooth-key, open-live, leave-lock + leave-lock-confirm (shared
 *              accounts)
 *   users:     user-name, user-role, user-valid-from, user-valid-until, user-add,
 *              user-list (items li[data-user]; credentials li[data-credential]),
 *              enrol-duress (one checkbox, for fingerprint and passcode), enrol-passcode-<user>,
 *              enrol-fingerprint-<user>, enrol-face-<user>, enrolment-progress, enrolment-cancel,
 *              user-delete-<user>, user-validity-<user> (opens validity-from-<user>,
 *              validity-until-<user>, validity-save-<user>), credential-delete-<credential id>,
 *              pending-list
 *   settings:  setting-<SETTING> for each of BODY_TYPE, LANGUAGE, FACE_TRIGGER (selects),
 *              RELOCK_SECONDS, SYNCHRONIZATION_SECONDS (numbers, saved with setting-save-<SETTING>
 *              or Enter), REMOTE_UNLOCK, TRIAL_AND_ERROR_LOCK, PRIVACY_MODE, LEAVING_HOME,
 *              SYNCHRONIZED_UNLOCK, WIFI (checkboxes). Selects and checkboxes SAVE ON CHANGE.
 *              setting-status-<SETTING> shows each change's outcome; lift-lockout; pending-list
 *   sharing:   share-email, share-role, share-submit, share-list (items li[data-account]),
 *              share-role-<accountId>, share-remove-<accountId>, remove-lock, remove-lock-confirm,
 *              remove-lock-cancel
 *   events:    event-kind, event-user, event-from, event-until, event-apply, event-list
 *              (rows li[data-seq]), events-older
 *   visitors:  visitor-kind (ONE_TIME/PERIODIC), visitor-start, visitor-end (periodic only),
 *              visitor-name, visitor-create, visitor-result (the new code: visitor-code with the 12
 *              digits in data-code and as its text, grouped by CSS only; visitor-code-copy;
 *              visitor-note when the cloud notes something), visitor-list (items
 *              li[data-visitor-id]), visitor-revoke-<id>, visitor-revoke-confirm-<id>, then
 *              visitor-revocation-<id> with visitor-revoke-code-<id> (data-code) and the note
 *   bluetooth: bt-unlock, bt-unlock-hint, bt-result (the unlock's outcome), bt-key-list (items
 *              li[data-key-id]), bt-unlock-<keyId> (own keys), bt-revoke-<keyId> then
 *              bt-revoke-confirm-<keyId>; owner: bt-invite-from, bt-invite-until, bt-invite-name,
 *              bt-invite-create, bt-invite-result with bt-invite-code (data-code); #/bluetooth:
 *              bt-redeem-code, bt-redeem-submit; locks page: open-my-bluetooth
              manage nearby (B2 over Bluetooth; owner/manager keys only, works with the cloud down):
              bt-manage (the card), bt-manage-read, bt-manage-result (the lock's answer),
              bt-manage-state with bt-state-battery, bt-state-bolt, bt-state-door, bt-state-privacy,
              bt-state-relock, bt-state-users (items li[data-user]), bt-state-read-at;
              bt-manage-privacy (checkbox, sends on change), bt-manage-relock + bt-manage-relock-save
 *   webhooks:  webhook-url, webhook-lock (select; '' = all my locks), webhook-description, webhook-kinds
 *              (checkboxes webhook-kind-<KIND>), webhook-create, webhook-result with webhook-secret,
 *              webhook-list (items li[data-webhook-id][data-status]), webhook-test-<id>, webhook-enable-<id>,
 *              webhook-delete-<id> then webhook-delete-confirm-<id>; locks page: open-webhooks
 *   alerts:    alert-list (items li[data-alert]), alert-read-<id>, alerts-read-all,
 *              alert-snapshot-<id> (a doorbell alert's picture, D8)
 *   accessories (on settings; G1, G2): accessory-kind, accessory-name, accessory-pair, accessory-list
 *              (items li[data-accessory]), accessory-remove-<id>; open-sync; lock page: lock-accessories,
 *              open-sync-link
 *   sync:      sync-lock (select), sync-start, sync-remove, sync-status (data-status NONE, PENDING,
 *              ACTIVE, EXPIRED), sync-countdown
 *   devices:   trust-card (lock page: trust-status, trust-this-device, trust-steps, open-devices); Devices
 *              page: trust-status, device-this, device-list (items li[data-device-id] with
 *              .device-fingerprint), device-remove-<deviceId> then device-remove-confirm-<deviceId>,
 *              bind-card with bind-name, bind-code, bind-submit, bind-pending (the pairing QR's bind)
 *   live:      live-view (the img of the MJPEG stream), live-status, live-refusal (role="alert", the
 *              lock's reason), live-start (watch again), live-stop
 */
import { ApiError } from './api.js';
import { h, replace } from './dom.js';
import { explain } from './errors.js';
import { t } from './i18n.js';
import { app, paintShell, resumeSession, setRouter, takeFlash, wasSignedIn } from './session.js';
import { renderSignIn } from './view-account.js';
import { renderAddLock, renderLock, renderLocks } from './view-locks.js';
import { renderUsers } from './view-users.js';
import { renderSettings, renderSharing } from './view-settings.js';
import { renderInvite } from './view-invitations.js';
import { renderAlerts, renderEvents } from './view-events.js';
import { renderVisitors } from './view-visitors.js';
import { renderSync } from './view-sync.js';
import { renderLive } from './view-live.js';
import { renderBluetooth, renderMyBluetooth } from './view-bluetooth.js';
import { renderWebhooks } from './view-webhooks.js';
import { renderPeople } from './view-people.js';
import { renderDevices } from './view-devices.js';

const main = document.getElementById('main');

// ---- the view's lifetime: polls and listeners end when the page changes ----

let cleanups = [];

/** A context for one rendering of one view. */
function viewContext() {
  const mine = [];
  let alive = true;
  mine.push(() => {
    alive = false;
  });
  cleanups = mine;
  return {
    get alive() {
      return alive;
    },
    onCleanup(fn) {
      mine.push(fn);
    },
    /**
     * Runs fn now and then every ms (never overlapping; skipped while the tab is hidden). Errors:
     * 404 means the lock is gone from this account (back to the list); others show once.
     */
    every(ms, fn) {
      let timer = null;
      let failing = false;
      const tick = async () => {
        if (!alive) {
          return;
        }
        if (!document.hidden) {
          try {
            await fn();
            if (failing) {
              failing = false;
            }
          } catch (e) {
            if (!alive) {
              return;
            }
            if (e instanceof ApiError && e.status === 404) {
              app.flash(t('lock.gone', { why: explain(e) }));
              app.go('#/locks');
              return;
            }
            if (e instanceof ApiError && e.status === 401) {
              return;
            }
            if (!failing) {
              failing = true;
              app.fail(e);
            }
          }
        }
        if (alive) {
          timer = setTimeout(tick, ms);
        }
      };
      tick();
      mine.push(() => clearTimeout(timer));
    },
  };
}

function endView() {
  for (const fn of cleanups) {
    try {
      fn();
    } catch {
      // a cleanup that fails must not stop the others
    }
  }
  cleanups = [];
}

// ---- routes ----

const routes = [
  [/^#\/signin$/, renderSignIn, false],
  [/^#\/invite\/([A-Za-z0-9_-]{20,100})$/, renderInvite, false],
  [/^#\/locks$/, renderLocks, true],
  [/^#\/add$/, renderAddLock, true],
  [/^#\/lock\/([0-9a-fA-F-]{36})$/, renderLock, true],
  [/^#\/lock\/([0-9a-fA-F-]{36})\/users$/, renderUsers, true],
  [/^#\/lock\/([0-9a-fA-F-]{36})\/settings$/, renderSettings, true],
  [/^#\/lock\/([0-9a-fA-F-]{36})\/sharing$/, renderSharing, true],
  [/^#\/lock\/([0-9a-fA-F-]{36})\/events$/, renderEvents, true],
  [/^#\/lock\/([0-9a-fA-F-]{36})\/visitors$/, renderVisitors, true],
  [/^#\/lock\/([0-9a-fA-F-]{36})\/sync$/, renderSync, true],
  [/^#\/lock\/([0-9a-fA-F-]{36})\/bluetooth$/, renderBluetooth, true],
  [/^#\/bluetooth$/, renderMyBluetooth, true],
  [/^#\/alerts$/, renderAlerts, true],
  [/^#\/webhooks$/, renderWebhooks, true],
  [/^#\/people$/, renderPeople, true],
  [/^#\/lock\/([0-9a-fA-F-]{36})\/live$/, renderLive, true],
  [/^#\/lock\/([0-9a-fA-F-]{36})\/devices$/, renderDevices, true],
];

let lastHash = null;

function route() {
  const hash = location.hash || '';
  endView();
  const flash = takeFlash();
  if (flash !== null) {
    app.say(flash);
  } else if (hash !== lastHash) {
    app.clear();
  }
  lastHash = hash;
  // an invitation link opens signed out too: its page offers sign-up and sign-in (view-invitations.js)
  if (!app.me && hash !== '#/signin' && !hash.startsWith('#/invite/')) {
    history.replaceState(null, '', '#/signin');
    lastHash = '#/signin';
    return show(renderSignIn, []);
  }
  if (app.me && (hash === '' || hash === '#' || hash === '#/' || hash === '#/signin')) {
    history.replaceState(null, '', '#/locks');
    lastHash = '#/locks';
    return show(renderLocks, []);
  }
  for (const [pattern, view] of routes) {
    const match = pattern.exec(hash);
    if (match) {
      return show(view, match.slice(1));
    }
  }
  app.fail(t('nav.noSuchPage', { hash }));
  history.replaceState(null, '', '#/locks');
  lastHash = '#/locks';
  return show(renderLocks, []);
}

setRouter(route);

function show(render, params) {
  const context = viewContext();
  document.title = t('app.title'); // a page with a name of its own (the lock's) sets it when it has it
  replace(main);
  try {
    render(main, params, context);
  } catch (e) {
    app.fail(e);
  }
  const heading = main.querySelector('h1');
  if (heading && document.activeElement && !main.contains(document.activeElement)
      && document.activeElement !== document.body) {
    // keep focus where the user is (e.g. the bell); otherwise leave it to the page
  } else if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}

// ---- start ----

async function start() {
  window.addEventListener('hashchange', route);
  paintShell();
  if (wasSignedIn()) {
    replace(main, h('p', { class: 'loading' }, t('app.loading')));
    await resumeSession();
  }
  route();
}

window.addEventListener('unhandledrejection', (event) => {
  // every request is awaited and its failure shown; this is the last net, not the plan
  event.preventDefault();
  app.fail(event.reason || t('error.unexpected'));
});

start();
