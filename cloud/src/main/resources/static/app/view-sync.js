// Synchronized unlock linking (SPEC F1, F2): pick the lock to link, start linking, then unlock the
// linked door with an administrator credential before the countdown ends; the link becomes active.
import { del, get, put, seg } from './api.js';
import { h, replace, select, text } from './dom.js';
import { t } from './i18n.js';
import { app } from './session.js';
import { canManage, loadLock, lockPath, pageHead } from './common.js';
import { linkLock } from './lock-commands.js';
import { inTrustMode, signedFor } from './signing.js';
import { lockKeyVouched } from './trust.js';

/**
 * Issue 15, design §9: a protected lock follows this one only on this lock's own signed word, checked with
 * this lock's key, which this device vouches for: it checks the key's MAC with this lock's visitor secret
 * (kept only by this lock's owner devices) and signs LINK_LOCK for the other lock. {} when no device
 * signature is needed (the other lock is not protected); {refusal: the words} when this device
 * cannot vouch for the key (then it signs nothing).
 */
async function linkOptions(lockId, otherId) {
  const other = (await get(`/api/locks/${seg(otherId)}`)).data;
  if (!inTrustMode(other)) {
    return {};
  }
  const self = (await get(lockPath(lockId))).data;
  const vouched = await lockKeyVouched(self.serial, self.lockKey, self.lockKeyMac);
  if (vouched !== true) {
    return { refusal: vouched === false ? t('sync.keyNotVouched') : t('sync.cannotCheckKey') };
  }
  return signedFor(other, linkLock(self.serial, self.lockKey));
}

export function renderSync(main, [lockId], view) {
  const head = pageHead(lockId, t('sync.title'));
  const base = `${lockPath(lockId)}/sync-link`;
  const status = h('p', { id: 'sync-status', class: 'sync-status', role: 'status', 'aria-live': 'polite' }, t('sync.loading'));
  const countdown = h('p', { id: 'sync-countdown', class: 'sync-countdown', hidden: true, 'aria-live': 'off' });
  const choice = select('sync-lock', [], null, { 'aria-label': t('sync.lockToLink') });
  const start = h('button', { id: 'sync-start', type: 'button', class: 'btn btn-primary' }, t('sync.start'));
  const remove = h('button', { id: 'sync-remove', type: 'button', class: 'btn btn-ghost danger-text', hidden: true }, t('sync.remove'));
  const none = h('p', { class: 'muted', hidden: true }, t('sync.noOther'));
  let choicesKey = null;

  start.addEventListener('click', async () => {
    if (!choice.value) {
      app.fail(t('sync.pick'));
      return;
    }
    start.disabled = true;
    try {
      const options = await linkOptions(lockId, choice.value);
      if (options.refusal) {
        app.fail(options.refusal);
        return;
      }
      const { data } = await put(base, { linkedLockId: choice.value }, options);
      app.say(t('sync.nowUnlock', { lock: data.linkedLockName || t('sync.theLinkedLock'), seconds: data.secondsLeft }));
      show(data);
    } catch (e) {
      app.fail(e, t('sync.couldNotStart'));
    } finally {
      start.disabled = false;
    }
  });
  remove.addEventListener('click', async () => {
    remove.disabled = true;
    try {
      await del(base);
      app.say(t('sync.removed'));
      show(null);
    } catch (e) {
      app.fail(e, t('sync.couldNotRemove'));
    } finally {
      remove.disabled = false;
    }
  });

  let shown = null;
  function show(link) {
    const linked = link && link.linkedLockId;
    const name = linked ? t('sync.quoted', { lock: link.linkedLockName || t('sync.theLinkedLock') }) : '';
    const now = linked ? link.status : 'NONE';
    if (shown === 'PENDING' && now === 'ACTIVE') {
      app.say(t('sync.linkedTo', { lock: name }));
    } else if (shown === 'PENDING' && now === 'EXPIRED') {
      app.fail(t('sync.expired', { lock: name }));
    }
    shown = now;
    remove.hidden = !linked;
    countdown.hidden = !(linked && link.status === 'PENDING');
    status.dataset.status = linked ? link.status : 'NONE';
    if (!linked) {
      text(status, t('sync.notLinked'));
    } else if (link.status === 'PENDING') {
      text(status, t('sync.waiting', { lock: name }));
      const s = Math.max(0, link.secondsLeft || 0);
      text(countdown, t('sync.left', { time: `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}` }));
    } else if (link.status === 'ACTIVE') {
      text(status, t('sync.active', { lock: name }));
    } else if (link.status === 'EXPIRED') {
      text(status, t('sync.expiredStartAgain', { lock: name }));
    }
    status.className = `sync-status ${linked ? `sync-${link.status.toLowerCase()}` : ''}`;
  }

  async function loadChoices() {
    const { data } = await get('/api/locks');
    const others = data.filter((l) => l.id !== lockId && (l.role === 'OWNER' || l.role === 'MANAGER'));
    const key = others.map((l) => `${l.id}:${l.name}`).join('|');
    if (key !== choicesKey) {
      choicesKey = key;
      const kept = choice.value;
      replace(choice, others.map((l) => h('option', { value: l.id }, l.name || l.serial)));
      if (others.some((l) => l.id === kept)) {
        choice.value = kept;
      }
    }
    none.hidden = others.length > 0;
    start.disabled = others.length === 0;
  }

  main.append(head.element,
    h('section', { class: 'card' },
      h('h2', {}, t('sync.link')),
      status, countdown,
      h('div', { class: 'row gap wrap' }, h('label', { for: 'sync-lock' }, t('sync.lockToLink')), choice, start, remove),
      none,
      h('p', { class: 'hint' }, t('sync.hint'))));

  let checked = false;
  let denied = false;
  view.every(1000, async () => {
    if (denied) {
      return;
    }
    if (!checked) {
      const lock = await loadLock(lockId);
      if (!view.alive) {
        return;
      }
      head.setLock(lock);
      if (!canManage(lock)) {
        denied = true;
        replace(main, head.element, h('section', { class: 'card' }, h('p', {}, t('sync.onlyManagers'))));
        return;
      }
      checked = true;
      await loadChoices();
    }
    const { data } = await get(base);
    if (view.alive) {
      show(data);
    }
  });
}
