// What the lock's pages share: loading a lock, the page header, command answers, pending changes.
import { ApiError, get, seg } from './api.js';
import { h, replace, text } from './dom.js';
import { app } from './session.js';
import * as words from './words.js';

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
    return user ? `${user.name} (user ${id})` : `user ${id}`;
  };
}

/** The top of a lock's sub-page: back to the lock, the page title, the lock's name. */
export function pageHead(lockId, title) {
  const lockName = h('span', { class: 'crumb-lock' }, 'Lock');
  const head = h('div', { class: 'page-head' },
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
      h('a', { href: '#/locks' }, 'My locks'), h('span', { 'aria-hidden': 'true' }, ' › '),
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
 * message line and, if given, in an inline status element. Returns the command view.
 */
export function showAnswer(result, what, inline) {
  const c = result.data || {};
  let line;
  let error = false;
  if (result.status === 409 || c.status === 'refused') {
    const why = (result.refusal && result.refusal.error) || c.message || words.reason(c.reason) || 'refused';
    line = `The lock refused to ${what}: ${why}${c.reason ? ` (${c.reason})` : ''}`;
    error = true;
  } else if (result.status === 202 || c.status === 'pending') {
    line = `Waiting for the lock: “${what}” will apply when the lock is back online.`;
  } else {
    line = `Done: ${what}.`;
  }
  if (error) {
    app.fail(line);
  } else {
    app.say(line);
  }
  if (inline) {
    inline.textContent = error ? 'Refused' : (result.status === 202 ? 'Waiting for the lock' : 'Saved');
    inline.className = `inline-status ${error ? 'bad' : result.status === 202 ? 'wait' : 'ok'}`;
  }
  return c;
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
      `Waiting for the lock: ${words.plural(pending.length, 'change', 'changes')}`,
      lock.online ? '' : ' (the lock is offline; they apply when it is back)'),
    h('ul', { class: 'pending-items' }, pending.map((p) => h('li', {}, words.command(p.command, namer)))));
}

/** Online, Offline, or (D7) Reset: the lock was reset at the door and forgot this account. */
export function onlinePill(element, online, reset) {
  text(element, reset ? 'Reset' : online ? 'Online' : 'Offline');
  element.className = `pill ${reset ? 'pill-reset' : online ? 'pill-ok' : 'pill-off'}`;
}

export function batteryText(reported) {
  return reported && typeof reported.battery === 'number' ? `${reported.battery} %` : '—';
}
