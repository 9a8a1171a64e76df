// Synchronized unlock linking (SPEC F1, F2): pick the lock to link, start linking, then unlock the
// linked door with an administrator credential before the countdown ends; the link becomes active.
import { del, get, put } from './api.js';
import { h, replace, select, text } from './dom.js';
import { app } from './session.js';
import { canManage, loadLock, lockPath, pageHead } from './common.js';

export function renderSync(main, [lockId], view) {
  const head = pageHead(lockId, 'Synchronized unlock');
  const base = `${lockPath(lockId)}/sync-link`;
  const status = h('p', { id: 'sync-status', class: 'sync-status', role: 'status', 'aria-live': 'polite' }, 'Loading…');
  const countdown = h('p', { id: 'sync-countdown', class: 'sync-countdown', hidden: true, 'aria-live': 'off' });
  const choice = select('sync-lock', [], null, { 'aria-label': 'Lock to link' });
  const start = h('button', { id: 'sync-start', type: 'button', class: 'btn btn-primary' }, 'Start linking');
  const remove = h('button', { id: 'sync-remove', type: 'button', class: 'btn btn-ghost danger-text', hidden: true }, 'Remove link');
  const none = h('p', { class: 'muted', hidden: true }, 'You have no other lock to link. Add a second lock of yours first.');
  let choicesKey = null;

  start.addEventListener('click', async () => {
    if (!choice.value) {
      app.fail('Pick the lock to link.');
      return;
    }
    start.disabled = true;
    try {
      const { data } = await put(base, { linkedLockId: choice.value });
      app.say(`Now unlock “${data.linkedLockName || 'the linked lock'}” with an administrator’s face, fingerprint or passcode within ${data.secondsLeft} seconds.`);
      show(data);
    } catch (e) {
      app.fail(e, 'Could not start linking');
    } finally {
      start.disabled = false;
    }
  });
  remove.addEventListener('click', async () => {
    remove.disabled = true;
    try {
      await del(base);
      app.say('The link is removed.');
      show(null);
    } catch (e) {
      app.fail(e, 'Could not remove the link');
    } finally {
      remove.disabled = false;
    }
  });

  let shown = null;
  function show(link) {
    const linked = link && link.linkedLockId;
    const name = linked ? `“${link.linkedLockName || 'the linked lock'}”` : '';
    const now = linked ? link.status : 'NONE';
    if (shown === 'PENDING' && now === 'ACTIVE') {
      app.say(`Linked to ${name}.`);
    } else if (shown === 'PENDING' && now === 'EXPIRED') {
      app.fail(`Linking ${name} expired.`);
    }
    shown = now;
    remove.hidden = !linked;
    countdown.hidden = !(linked && link.status === 'PENDING');
    status.dataset.status = linked ? link.status : 'NONE';
    if (!linked) {
      text(status, 'Not linked. Pick a lock and start linking.');
    } else if (link.status === 'PENDING') {
      text(status, `Waiting: unlock ${name} with an administrator credential (face, fingerprint or passcode of an administrator) before the countdown ends.`);
      const s = Math.max(0, link.secondsLeft || 0);
      text(countdown, `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} left`);
    } else if (link.status === 'ACTIVE') {
      text(status, `Linked: opening this door from outside also opens ${name}, which relocks after its synchronization duration.`);
    } else if (link.status === 'EXPIRED') {
      text(status, `Linking ${name} expired: nobody unlocked it with an administrator credential in time. Start again.`);
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
      h('h2', {}, 'Link'),
      status, countdown,
      h('div', { class: 'row gap wrap' }, h('label', { for: 'sync-lock' }, 'Lock to link'), choice, start, remove),
      none,
      h('p', { class: 'hint' }, 'Linking needs proof at the other door: after you start, an administrator of that lock unlocks it with their own credential within 60 seconds. Synchronized unlock is switched on in both locks’ settings.')));

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
        replace(main, head.element, h('section', { class: 'card' }, h('p', {}, 'Only the owner and managers of this lock link it.')));
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
