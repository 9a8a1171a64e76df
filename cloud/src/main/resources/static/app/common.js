// What the lock's pages share: loading a lock, the page header, command answers, pending changes.
import { ApiError, get, seg } from './api.js';
import { h, replace, text } from './dom.js';
import { explain } from './errors.js';
import { t } from './i18n.js';
import { app } from './session.js';
import * as words from './words.js';
import { changeSetting } from './lock-commands.js';
import { signedFor } from './signing.js';

export const lockPath = (id) => `/api/locks/${seg(id)}`;

export async function loadLock(id) {
  const { data } = await get(lockPath(id));
  return data;
}

export const canManage = (lock) => lock && (lock.role === 'OWNER' || lock.role === 'MANAGER');

/** "Bob (2)" for a lock user number, from the lock's last report. */
export function userNamer(lock) {
  const users = (lock && lock.reported && lock.reported.users) || [];
  return (id) => {
    const user = users.find((u) => u.id === id);
    return user ? t('lock.userNamed', { name: user.name, id }) : t('lock.userNumber', { id });
  };
}

/** The top of a lock's sub-page: back to the lock, the page title, the lock's name. */
export function pageHead(lockId, title) {
  const lockName = h('span', { class: 'crumb-lock' }, t('lock.lock'));
  const head = h('div', { class: 'page-head' },
    h('nav', { class: 'crumbs', 'aria-label': t('nav.breadcrumb') },
      h('a', { href: '#/locks' }, t('nav.locks')), h('span', { 'aria-hidden': 'true' }, ' › '),
      h('a', { href: `#/lock/${lockId}`, class: 'back-to-lock' }, lockName)),
    h('h1', {}, title));
  return {
    element: head,
    setLock(lock) {
      text(lockName, lock.name || lock.serial);
    },
  };
}

/**
 * A management request's answer as {status, data, refusal}: 200 applied, 202 pending, or 409 when the
 * lock refused (data: the refused command; refusal: {error, reason}, the cloud's plain words and the
 * lock's code). Any other failure rejects as before.
 */
export async function lockAnswer(request) {
  try {
    return await request;
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && e.data && typeof e.data.reason === 'string') {
      return { status: 409, data: e.data.command || { status: 'refused', reason: e.data.reason }, refusal: e.data };
    }
    throw e;
  }
}

/**
 * Shows a management command's answer (200 applied, 202 pending, 409 refused, from lockAnswer) in the
 * message line and, if given, in an inline status element beside the control. A refusal shows the
 * table's words for its code (never the code: it stays in the API body). Returns the command view.
 */
export function showAnswer(result, what, inline) {
  const c = result.data || {};
  let line;
  let error = false;
  if (result.status === 409 || c.status === 'refused') {
    const code = (result.refusal && result.refusal.reason) || c.reason;
    const why = words.refusal(code, (result.refusal && result.refusal.error) || c.message);
    line = `${t('answer.refused', { what })} ${why}`;
    error = true;
  } else if (result.status === 202 || c.status === 'pending') {
    line = t('answer.waiting', { what });
  } else {
    line = t('answer.done', { what });
  }
  if (error) {
    app.fail(line);
  } else {
    app.say(line);
  }
  if (inline) {
    inline.textContent = error ? line : (result.status === 202 ? t('answer.inlineWaiting') : t('answer.inlineSaved'));
    inline.className = `inline-status ${error ? 'bad' : result.status === 202 ? 'wait' : 'ok'}`;
  }
  return c;
}

/**
 * The place beside a control where its refusal shows (issue 14: a refusal at the top of the page is
 * out of sight when the button is scrolled to), with the fix one tap away where there is one.
 */
export function refusalBox(id) {
  const saidText = h('span', { class: 'refusal-text' });
  const fix = h('div', { class: 'refusal-fix' });
  const element = h('div', { id, class: 'refusal', role: 'alert', hidden: true }, saidText, fix);
  return {
    element,
    clear() {
      element.hidden = true;
      saidText.textContent = '';
      replace(fix);
    },
    /** Shows the words and, when given, a fix: {label, run} (run returns the words to show after). */
    show(said, remedy) {
      element.hidden = false;
      saidText.textContent = said;
      replace(fix);
      if (remedy && remedy.run) {
        const button = h('button', { type: 'button', class: 'btn btn-secondary btn-small', id: `${id}-fix` }, remedy.label);
        button.addEventListener('click', async () => {
          button.disabled = true;
          button.textContent = t('fix.applying');
          try {
            saidText.textContent = await remedy.run();
            button.remove();
          } catch (e) {
            saidText.textContent = explain(e);
            button.disabled = false;
            button.textContent = remedy.label;
          }
        });
        fix.append(button);
      } else if (remedy && remedy.hint) {
        fix.append(h('span', { class: 'muted' }, remedy.hint));
      }
    },
  };
}

/**
 * The fix for a refusal of the lock's settings, one tap away for its owner and managers: remote unlock
 * off turns it on, privacy mode turns it off. Others are told whom to ask. Null when no setting fixes it.
 */
export function settingFix(code, lock, put) {
  const setting = { REMOTE_UNLOCK_OFF: ['REMOTE_UNLOCK', 'true', t('fix.turnOnRemoteUnlock')],
    PRIVACY_MODE: ['PRIVACY_MODE', 'false', t('fix.turnOffPrivacyMode')],
    SYNCHRONIZED_UNLOCK_OFF: ['SYNCHRONIZED_UNLOCK', 'true', null] }[code];
  if (!setting) {
    return null;
  }
  if (!canManage(lock) || !setting[2]) {
    return { hint: t('fix.askManager') };
  }
  const [key, value, label] = setting;
  return {
    label,
    async run() {
      const result = await lockAnswer(put(`${lockPath(lock.id)}/settings/${key}`, { value }, await signedFor(lock, changeSetting(key, value))));
      if (result.status === 409) {
        return words.refusal(result.refusal.reason, result.refusal.error);
      }
      return result.status === 202 ? t('fix.waiting') : t('fix.applied');
    },
  };
}

/** The pending changes of a lock: "waiting for the lock: 2 changes", and each in plain words. */
export function renderPending(container, lock) {
  const pending = (lock && lock.pending) || [];
  container.hidden = pending.length === 0;
  if (pending.length === 0) {
    replace(container);
    container.dataset.key = '';
    return;
  }
  const namer = userNamer(lock);
  const key = pending.map((p) => p.id).join(',');
  if (container.dataset.key === key) {
    return;
  }
  container.dataset.key = key;
  replace(container,
    h('p', { class: 'pending-title' },
      h('span', { class: 'spinner', 'aria-hidden': 'true' }),
      pending.length === 1 ? t('pending.one') : t('pending.many', { n: pending.length }),
      lock.online ? '' : t('pending.offline')),
    h('ul', { class: 'pending-items' }, pending.map((p) => h('li', {}, words.command(p.command, namer)))));
}

/** Online, Offline, or (D7) Reset: the lock was reset at the door and forgot this account. */
export function onlinePill(element, online, reset, connecting) {
  text(element, reset ? t('lock.reset') : online ? t('lock.online') : connecting ? t('lock.connecting') : t('lock.offline'));
  element.className = `pill ${reset ? 'pill-reset' : online ? 'pill-ok' : connecting ? 'pill-wait' : 'pill-off'}`;
}

export function batteryText(reported) {
  return reported && typeof reported.battery === 'number' ? `${reported.battery} %` : '—';
}
