// Bluetooth Key (SPEC C5, E3, H2): unlock nearby over Bluetooth, the owner's pairing codes for visitors,
// the keys of a lock with revoking, and an account's own keys with redeeming a pairing code.
// Keys, radios and revocations are cached on this device (bluetooth.js), so "Unlock nearby" on an
// already loaded page works while the cloud is down.
import { ApiError, get, post, seg } from './api.js';
import { field, h, instantToLocal, localToInstant, replace, text, when } from './dom.js';
import { app } from './session.js';
import * as words from './words.js';
import { loadLock, lockPath, pageHead } from './common.js';
import * as bt from './bluetooth.js';
import { manageCard, mayManage } from './view-bluetooth-manage.js';

const DAY = 24 * 3600 * 1000;

const roleLabel = (role) => ({ OWNER: 'Owner', MANAGER: 'Manager', MEMBER: 'Member', VISITOR: 'Visitor' }[role] || role);

function statusOf(key) {
  const now = Date.now();
  if (key.revokedAt || key.status === 'REVOKED') {
    return { label: 'Revoked', css: 'badge-bad', usable: false };
  }
  if (new Date(key.validUntil).getTime() <= now) {
    return { label: 'Expired', css: '', usable: false };
  }
  if (new Date(key.validFrom).getTime() > now) {
    return { label: `From ${when(key.validFrom, true)}`, css: '', usable: true };
  }
  return { label: 'Active', css: 'badge-ok', usable: true };
}

const offline = (e) => e instanceof ApiError && e.status === 0;

/** The outcome line under the unlock buttons, and the message line. */
function reportUnlock(result, answer, error) {
  if (error) {
    const why = error.reason ? words.refusal(error.reason, error.message) : error.message;
    text(result, `Not unlocked: ${why}`);
    result.className = 'bt-result bad';
    app.fail(`Not unlocked over Bluetooth: ${why}`);
  } else if (answer && answer.ok) {
    text(result, 'Unlocked over Bluetooth.');
    result.className = 'bt-result ok';
    app.say('Unlocked over Bluetooth.');
  } else {
    const why = words.refusal(answer && answer.reason, answer && answer.message);
    text(result, `The lock refused: ${why}`);
    result.className = 'bt-result bad';
    app.fail(`The lock refused: ${why}`);
  }
  result.hidden = false;
}

async function unlockWith(key, button, result) {
  button.disabled = true;
  app.say('Connecting to the lock over Bluetooth…');
  try {
    reportUnlock(result, await bt.unlockNearby(key), null);
  } catch (e) {
    reportUnlock(result, null, e);
  } finally {
    button.disabled = false;
  }
}

function unsupportedNote() {
  return bt.supported() ? null : h('p', { class: 'note' },
    'This browser cannot speak Bluetooth here: it needs WebCrypto and IndexedDB (a secure, https page).');
}

/** One key in a list: holder, role, state, validity; unlock (own, usable) and revoke buttons. */
function keyItem(key, options) {
  const state = statusOf(key);
  const li = h('li', { class: 'visitor bt-key', 'data-key-id': key.keyId });
  const confirmBox = h('div', { class: 'revoke-box' });
  const actions = h('div', { class: 'visitor-actions row gap wrap' });
  if (options.unlock && key.mine !== false && key.token && state.usable) {
    actions.append(h('button', {
      id: `bt-unlock-${key.keyId}`, type: 'button', class: 'btn btn-primary btn-small',
      onclick: (event) => unlockWith(key, event.currentTarget, options.result),
    }, 'Unlock nearby'));
  }
  if (options.revoke && !key.revokedAt) {
    actions.append(h('button', {
      id: `bt-revoke-${key.keyId}`, type: 'button', class: 'btn btn-ghost btn-small danger-text',
      onclick: () => replace(confirmBox, h('div', { class: 'confirm' },
        h('p', {}, 'Revoke this key? The lock refuses it once the revocation reaches it (from the cloud, or from any app of the lock).'),
        h('div', { class: 'row gap wrap' },
          h('button', {
            id: `bt-revoke-confirm-${key.keyId}`, type: 'button', class: 'btn btn-danger btn-small',
            onclick: async (event) => {
              event.currentTarget.disabled = true;
              try {
                const { data } = await post(`${lockPath(key.lockId)}/bluetooth-keys/${seg(key.keyId)}/revoke`);
                app.say(`Revoked: ${data.note}.`);
                await options.revoke();
              } catch (e) {
                app.fail(e, 'Not revoked');
              }
            },
          }, 'Yes, revoke'),
          h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => replace(confirmBox) }, 'Cancel')))),
    }, 'Revoke'));
  }
  const who = key.mine ? 'You' : (key.accountName || key.accountEmail || 'Someone');
  li.append(
    h('div', { class: 'visitor-head' },
      h('div', { class: 'visitor-main' },
        h('span', { class: 'visitor-name' }, options.lockNames ? (key.lockName || key.serial) : who,
          key.name ? ` · ${key.name}` : '', ' ',
          h('span', { class: 'badge' }, roleLabel(key.role)), h('span', { class: `badge ${state.css}` }, state.label)),
        options.lockNames ? null : (key.accountEmail && !key.mine ? h('span', { class: 'visitor-sub' }, key.accountEmail) : null),
        h('span', { class: 'visitor-sub' }, `Valid ${when(key.validFrom, true)} – ${when(key.validUntil, true)}`)),
      actions),
    confirmBox);
  return li;
}

// ---------------------------------------------------------------- #/lock/{id}/bluetooth

export function renderBluetooth(main, [lockId], view) {
  const head = pageHead(lockId, 'Bluetooth Key');
  const me = app.me.id;
  const result = h('p', { id: 'bt-result', class: 'bt-result', role: 'status', hidden: true });
  const unlock = h('button', { id: 'bt-unlock', type: 'button', class: 'btn btn-primary btn-big', disabled: true }, 'Unlock nearby');
  const unlockHint = h('p', { class: 'muted', id: 'bt-unlock-hint' }, 'Getting this device’s key…');
  const list = h('ul', { id: 'bt-key-list', class: 'visitor-list bt-key-list', 'aria-live': 'polite' });
  const empty = h('p', { class: 'muted', hidden: true }, 'No Bluetooth keys for this lock yet.');
  const ownerBox = h('div');
  // B2 over Bluetooth: only with an owner's or manager's key (also offline: the role is the cached key's)
  const manageSlot = h('div');
  const manage = manageCard(() => myKey);

  let myKey = null;
  const useKey = (key) => {
    myKey = key;
    if (mayManage(key) !== (manage.parentNode === manageSlot)) {
      replace(manageSlot, mayManage(key) ? manage : null);
    }
    unlock.disabled = !key;
    text(unlockHint, key
      ? `Your ${roleLabel(key.role).toLowerCase()} key on this device, valid until ${when(key.validUntil, true)}. Stand by the lock.`
      : 'No key on this device for this lock.');
  };
  const cachedForLock = (spki) => bt.cachedKeys(me)
    .filter((k) => k.lockId === lockId && k.token && statusOf(k).usable && bt.deviceOf(k.token) === spki)
    .sort((a, b) => new Date(b.validUntil) - new Date(a.validUntil))[0] || null;
  unlock.addEventListener('click', () => myKey && unlockWith(myKey, unlock, result));

  async function refreshKeys() {
    const { data } = await get(`${lockPath(lockId)}/bluetooth-keys`);
    if (!view.alive) {
      return;
    }
    empty.hidden = data.length > 0;
    const mayRevoke = (k) => (canSeeAll || k.mine ? refreshKeys : null);
    replace(list, data.map((k) => keyItem(k, { revoke: mayRevoke(k), unlock: false, result })));
  }
  let canSeeAll = false;

  main.append(head.element,
    h('div', { class: 'visitor-page' },
      h('section', { class: 'card center-card' }, h('h2', {}, 'Unlock nearby'), unlock, unlockHint, result, unsupportedNote()),
      manageSlot,
      ownerBox,
      h('section', { class: 'card' }, h('h2', {}, 'Bluetooth keys'), empty, list)));

  (async () => {
    if (bt.supported()) {
      useKey(cachedForLock((await bt.deviceKey()).spki));
    }
    let lock;
    try {
      lock = await loadLock(lockId);
    } catch (e) {
      if (!view.alive) {
        return;
      }
      if (offline(e)) {
        app.say('The cloud cannot be reached: using the key kept on this device.');
        return;
      }
      if (e instanceof ApiError && e.status === 404) {
        app.flash(`This lock is no longer yours or shared with you (${e.reason}).`);
        app.go('#/locks');
        return;
      }
      app.fail(e, 'Could not load the lock');
      return;
    }
    if (!view.alive) {
      return;
    }
    head.setLock(lock);
    document.title = `Bluetooth Key · ${lock.name || lock.serial} · Keyward`;
    canSeeAll = lock.role === 'OWNER' || lock.role === 'MANAGER';
    if (lock.role === 'OWNER') {
      ownerBox.append(inviteForm(lockId, view));
    }
    try {
      if (bt.supported()) {
        const device = await bt.deviceKey();
        const { data: issued } = await post(`${lockPath(lockId)}/bluetooth-key`, { deviceKey: device.spki });
        const { data: revoked } = await get(`${lockPath(lockId)}/bluetooth-revocations`);
        const kept = bt.cacheKeys(me, [...bt.cachedKeys(me).filter((k) => k.keyId !== issued.keyId),
          { ...issued, mine: true, status: 'ACTIVE', revocations: revoked.revocations }]);
        bt.cacheRevocations(me, lockId, revoked.revocations);
        if (view.alive) {
          useKey(kept.find((k) => k.keyId === issued.keyId));
          myKey.revocations = revoked.revocations;
        }
      } else {
        text(unlockHint, 'This browser cannot hold a Bluetooth key.');
      }
      await refreshKeys();
    } catch (e) {
      if (view.alive) {
        app.fail(e, 'Could not get a Bluetooth key');
      }
    }
  })();

  function inviteForm() {
    const from = h('input', { id: 'bt-invite-from', type: 'datetime-local', required: true });
    const until = h('input', { id: 'bt-invite-until', type: 'datetime-local', required: true });
    const name = h('input', { id: 'bt-invite-name', type: 'text', maxlength: 100, autocomplete: 'off', placeholder: 'e.g. Plumber' });
    const create = h('button', { id: 'bt-invite-create', type: 'submit', class: 'btn btn-primary' }, 'Create pairing code');
    const shown = h('div', { id: 'bt-invite-result', class: 'card result-card', hidden: true, 'aria-live': 'polite' });
    const now = Date.now();
    from.value = instantToLocal(new Date(now).toISOString());
    until.value = instantToLocal(new Date(now + DAY).toISOString());
    const form = h('form', {
      class: 'stack', novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const body = { validFrom: localToInstant(from.value), validUntil: localToInstant(until.value) };
        if (!body.validFrom || !body.validUntil) {
          app.fail('Choose the period of the visitor’s key.');
          return;
        }
        if (name.value.trim()) {
          body.name = name.value.trim();
        }
        create.disabled = true;
        try {
          const { data } = await post(`${lockPath(lockId)}/bluetooth-invites`, body);
          replace(shown,
            h('h2', {}, `Pairing code${data.name ? ` for ${data.name}` : ''}`),
            h('p', { class: 'muted' }, 'Give it to your visitor: they sign in to Keyward, open “Bluetooth keys” and redeem it. It works once.'),
            h('div', { class: 'code-box' }, h('div', { id: 'bt-invite-code', class: 'code-digits', 'data-code': data.code }, data.code)),
            h('p', { class: 'validity' }, `Key valid ${when(data.validFrom, true)} – ${when(data.validUntil, true)}`),
            h('p', { class: 'note' }, `Redeem before ${when(data.expiresAt, true)}.`));
          shown.hidden = false;
          app.say('Pairing code created.');
        } catch (e) {
          app.fail(e, 'No pairing code');
        } finally {
          create.disabled = false;
        }
      },
    },
    h('div', { class: 'grid-2' }, field('Valid from', from), field('Valid until', until)),
    field('Visitor’s name (optional)', name),
    h('div', { class: 'row gap' }, create));
    return h('div', {},
      h('section', { class: 'card' }, h('h2', {}, 'A key for a visitor'),
        h('p', { class: 'muted' }, 'A one-time pairing code turns into a Bluetooth key on your visitor’s phone for the period you choose.'),
        form),
      shown);
  }
}

// ---------------------------------------------------------------- #/bluetooth

export function renderMyBluetooth(main, params, view) {
  const me = app.me.id;
  const result = h('p', { id: 'bt-result', class: 'bt-result', role: 'status', hidden: true });
  const list = h('ul', { id: 'bt-key-list', class: 'visitor-list bt-key-list', 'aria-live': 'polite' });
  const empty = h('p', { class: 'muted', hidden: true }, 'No Bluetooth keys on this device yet.');
  const code = h('input', {
    id: 'bt-redeem-code', type: 'text', maxlength: 40, autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', placeholder: 'XXXX-XXXX-XXXX', required: true,
  });
  const redeem = h('button', { id: 'bt-redeem-submit', type: 'submit', class: 'btn btn-primary' }, 'Redeem');

  async function draw(keys) {
    const spki = bt.supported() ? (await bt.deviceKey()).spki : null;
    if (!view.alive) {
      return;
    }
    const usable = keys.filter((k) => k.token && bt.deviceOf(k.token) === spki);
    empty.hidden = usable.length > 0;
    replace(list, usable.map((k) => keyItem(k, { unlock: true, lockNames: true, result, revoke: null })));
  }

  async function refresh() {
    try {
      const { data } = await get('/api/bluetooth/keys');
      if (view.alive) {
        await draw(bt.cacheKeys(me, data.map((k) => ({ ...k, mine: true }))));
      }
    } catch (e) {
      if (view.alive) {
        if (offline(e)) {
          app.say('The cloud cannot be reached: these are the keys kept on this device.');
        } else {
          app.fail(e, 'Could not load your Bluetooth keys');
        }
      }
    }
  }

  const form = h('form', {
    class: 'row gap wrap bt-redeem', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      if (!code.value.trim()) {
        app.fail('Type the pairing code the owner gave you.');
        return;
      }
      redeem.disabled = true;
      try {
        const device = await bt.deviceKey();
        const { data } = await post('/api/bluetooth-invites/redeem', { code: code.value.trim(), deviceKey: device.spki });
        code.value = '';
        app.say(`You have a Bluetooth key for ${data.lockName || data.serial}.`);
        await refresh();
      } catch (e) {
        app.fail(e, 'The code was not accepted');
      } finally {
        redeem.disabled = false;
      }
    },
  }, field('Pairing code', code, 'From the lock’s owner; it works once.'), redeem);

  main.append(
    h('div', { class: 'page-head' },
      h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/locks' }, 'My locks')),
      h('h1', {}, 'Bluetooth keys')),
    h('div', { class: 'visitor-page' },
      h('section', { class: 'card' }, h('h2', {}, 'Redeem a pairing code'), bt.supported() ? form : unsupportedNote()),
      h('section', { class: 'card' }, h('h2', {}, 'My keys on this device'),
        h('p', { class: 'muted' }, 'Stand by the lock and press “Unlock nearby”: it works without the cloud.'),
        result, empty, list)));
  document.title = 'Bluetooth keys · Keyward';
  draw(bt.cachedKeys(me)).then(refresh).catch((e) => app.fail(e, 'This browser cannot hold a Bluetooth key'));
}
