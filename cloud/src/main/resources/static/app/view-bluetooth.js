// Bluetooth Key (SPEC C5, E3, H2): unlock nearby over Bluetooth, the owner's pairing codes for visitors,
// the keys of a lock with revoking, and an account's own keys with redeeming a pairing code.
// Keys, radios and revocations are cached on this device (bluetooth.js), so "Unlock nearby" on an
// already loaded page works while the cloud is down.
import { ApiError, get, post, seg } from './api.js';
import { field, h, instantToLocal, localToInstant, replace, text } from './dom.js';
import { dateTime, t } from './i18n.js';
import { app } from './session.js';
import { loadLock, lockPath, pageHead } from './common.js';
import * as bt from './bluetooth.js';
import { bluetoothWhy, manageCard, mayManage } from './view-bluetooth-manage.js';
import { inTrustMode } from './signing.js';
import { bluetoothGrant, registerThisDevice } from './view-grants.js';
import { deviceId as trustDeviceId, supported as trustSupported } from './trust.js';

const DAY = 24 * 3600 * 1000;

// keys: bluetooth.role.*
const roleLabel = (role) => (['OWNER', 'MANAGER', 'MEMBER', 'VISITOR'].includes(role) ? t(`bluetooth.role.${role}`) : role);

function statusOf(key) {
  const now = Date.now();
  if (key.revokedAt || key.status === 'REVOKED') {
    return { label: t('bluetooth.revoked'), css: 'badge-bad', usable: false };
  }
  if (new Date(key.validUntil).getTime() <= now) {
    return { label: t('bluetooth.expired'), css: '', usable: false };
  }
  if (new Date(key.validFrom).getTime() > now) {
    return { label: t('bluetooth.from', { when: dateTime(key.validFrom) }), css: '', usable: true };
  }
  return { label: t('bluetooth.active'), css: 'badge-ok', usable: true };
}

const offline = (e) => e instanceof ApiError && e.status === 0;

/** The outcome line under the unlock buttons, and the message line. */
function reportUnlock(result, answer, error) {
  if (error) {
    const why = error.reason ? bluetoothWhy(error.reason, error.message, error.said, error.params) : error.message;
    text(result, t('bluetooth.notUnlocked', { why }));
    result.className = 'bt-result bad';
    app.fail(t('bluetooth.notUnlockedOverBluetooth', { why }));
  } else if (answer && answer.ok) {
    text(result, t('bluetooth.unlocked'));
    result.className = 'bt-result ok';
    app.say(t('bluetooth.unlocked'));
  } else {
    const why = bluetoothWhy(answer && answer.reason, answer && answer.message);
    text(result, t('bluetooth.lockRefused', { why }));
    result.className = 'bt-result bad';
    app.fail(t('bluetooth.lockRefused', { why }));
  }
  result.hidden = false;
}

async function unlockWith(key, button, result) {
  button.disabled = true;
  app.say(t('bluetooth.connecting'));
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
    t('bluetooth.unsupported'));
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
    }, t('bluetooth.unlockNearby')));
  }
  if (options.revoke && !key.revokedAt) {
    actions.append(h('button', {
      id: `bt-revoke-${key.keyId}`, type: 'button', class: 'btn btn-ghost btn-small danger-text',
      onclick: () => replace(confirmBox, h('div', { class: 'confirm' },
        h('p', {}, t('bluetooth.confirmRevoke')),
        h('div', { class: 'row gap wrap' },
          h('button', {
            id: `bt-revoke-confirm-${key.keyId}`, type: 'button', class: 'btn btn-danger btn-small',
            onclick: async (event) => {
              event.currentTarget.disabled = true;
              try {
                const { data } = await post(`${lockPath(key.lockId)}/bluetooth-keys/${seg(key.keyId)}/revoke`);
                app.say(t('bluetooth.revokedNote', { note: data.note }));
                await options.revoke();
              } catch (e) {
                app.fail(e, t('visitors.notRevoked'));
              }
            },
          }, t('visitors.yesRevoke')),
          h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => replace(confirmBox) }, t('users.cancel'))))),
    }, t('visitors.revoke')));
  }
  const who = key.mine ? t('bluetooth.you') : (key.accountName || key.accountEmail || t('bluetooth.someone'));
  li.append(
    h('div', { class: 'visitor-head' },
      h('div', { class: 'visitor-main' },
        h('span', { class: 'visitor-name' }, options.lockNames ? (key.lockName || key.serial) : who,
          key.name ? ` · ${key.name}` : '', ' ',
          h('span', { class: 'badge' }, roleLabel(key.role)), h('span', { class: `badge ${state.css}` }, state.label)),
        options.lockNames ? null : (key.accountEmail && !key.mine ? h('span', { class: 'visitor-sub' }, key.accountEmail) : null),
        h('span', { class: 'visitor-sub' }, t('bluetooth.validRange', { from: dateTime(key.validFrom), until: dateTime(key.validUntil) }))),
      actions),
    confirmBox);
  return li;
}

// ---------------------------------------------------------------- #/lock/{id}/bluetooth

export function renderBluetooth(main, [lockId], view) {
  const head = pageHead(lockId, t('bluetooth.title'));
  const me = app.me.id;
  const result = h('p', { id: 'bt-result', class: 'bt-result', role: 'status', hidden: true });
  const unlock = h('button', { id: 'bt-unlock', type: 'button', class: 'btn btn-primary btn-big', disabled: true }, t('bluetooth.unlockNearby'));
  const unlockHint = h('p', { class: 'muted', id: 'bt-unlock-hint' }, t('bluetooth.gettingKey'));
  const list = h('ul', { id: 'bt-key-list', class: 'visitor-list bt-key-list', 'aria-live': 'polite' });
  const empty = h('p', { class: 'muted', hidden: true }, t('bluetooth.noneForLock'));
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
      ? t('bluetooth.yourKey', { role: roleLabel(key.role).toLowerCase(), until: dateTime(key.validUntil) })
      : t('bluetooth.noKey'));
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
      h('section', { class: 'card center-card' }, h('h2', {}, t('bluetooth.unlockNearby')), unlock, unlockHint, result, unsupportedNote()),
      manageSlot,
      ownerBox,
      h('section', { class: 'card' }, h('h2', {}, t('bluetooth.keys')), empty, list)));

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
        app.say(t('bluetooth.cloudDownKey'));
        return;
      }
      if (e instanceof ApiError && e.status === 404) {
        app.flash(t('visitors.lockGone', { reason: e.reason }));
        app.go('#/locks');
        return;
      }
      app.fail(e, t('bluetooth.couldNotLoadLock'));
      return;
    }
    if (!view.alive) {
      return;
    }
    head.setLock(lock);
    document.title = t('bluetooth.pageTitle', { lock: lock.name || lock.serial });
    canSeeAll = lock.role === 'OWNER' || lock.role === 'MANAGER';
    if (lock.role === 'OWNER') {
      // issue 15: on a protected lock the code asks; the visitor's device waits on the Devices page for approval
      ownerBox.append(inviteForm(lockId, view, inTrustMode(lock)));
    }
    try {
      if (bt.supported() && inTrustMode(lock)) {
        await useGrant(lock);
      } else if (bt.supported()) {
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
        text(unlockHint, t('bluetooth.cannotHold'));
      }
      await refreshKeys();
    } catch (e) {
      if (view.alive) {
        app.fail(e, t('bluetooth.couldNotGet'));
      }
    }
  })();

  /**
   * Issue 15, design §3: a lock in trust mode takes no key the cloud made; this device opens with a grant
   * chain (kwdg1) instead: its self-grant when it is an owner device, else the chain an owner's device
   * signed for it. Cached like a key, with the lock's revocations (kwrv1 and kwdr1) to carry to it.
   */
  async function useGrant(lock) {
    const held = await bluetoothGrant(lock, app.me.email);
    if (!view.alive) {
      return;
    }
    if (!held) {
      useKey(null);
      text(unlockHint, t('grants.mineWaitingShort'));
      return;
    }
    const { data: revoked } = await get(`${lockPath(lockId)}/bluetooth-revocations`);
    const key = {
      keyId: held.grantId, lockId, lockName: lock.name, serial: lock.serial, role: held.role, token: held.token,
      validFrom: held.validFrom, validUntil: held.validUntil, radio: (lock.reported && lock.reported.radio) || null,
      mine: true, status: 'ACTIVE', revocations: revoked.revocations,
    };
    const kept = bt.cacheKeys(me, [...bt.cachedKeys(me).filter((k) => k.keyId !== key.keyId && k.lockId !== lockId), key]);
    bt.cacheRevocations(me, lockId, revoked.revocations);
    if (view.alive) {
      useKey(kept.find((k) => k.keyId === key.keyId));
      myKey.revocations = revoked.revocations;
    }
  }

  function inviteForm(id, alive, protectedLock) {
    const from = h('input', { id: 'bt-invite-from', type: 'datetime-local', required: true });
    const until = h('input', { id: 'bt-invite-until', type: 'datetime-local', required: true });
    const name = h('input', { id: 'bt-invite-name', type: 'text', maxlength: 100, autocomplete: 'off', placeholder: t('bluetooth.namePlaceholder') });
    const create = h('button', { id: 'bt-invite-create', type: 'submit', class: 'btn btn-primary' }, t('bluetooth.createCode'));
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
          app.fail(t('bluetooth.choosePeriod'));
          return;
        }
        if (name.value.trim()) {
          body.name = name.value.trim();
        }
        create.disabled = true;
        try {
          const { data } = await post(`${lockPath(lockId)}/bluetooth-invites`, body);
          replace(shown,
            h('h2', {}, data.name ? t('bluetooth.codeTitleFor', { name: data.name }) : t('bluetooth.codeTitle')),
            h('p', { class: 'muted' }, t('bluetooth.giveCode')),
            h('div', { class: 'code-box' }, h('div', { id: 'bt-invite-code', class: 'code-digits', 'data-code': data.code }, data.code)),
            h('p', { class: 'validity' }, t('bluetooth.keyValid', { from: dateTime(data.validFrom), until: dateTime(data.validUntil) })),
            h('p', { class: 'note' }, t('bluetooth.redeemBefore', { when: dateTime(data.expiresAt) })));
          shown.hidden = false;
          app.say(t('bluetooth.codeCreated'));
        } catch (e) {
          app.fail(e, t('bluetooth.noCode'));
        } finally {
          create.disabled = false;
        }
      },
    },
    h('div', { class: 'grid-2' }, field(t('users.validFromLabel'), from), field(t('users.validUntilLabel'), until)),
    field(t('visitors.nameOptional'), name),
    h('div', { class: 'row gap' }, create));
    return h('div', {},
      h('section', { class: 'card' }, h('h2', {}, t('bluetooth.visitorTitle')),
        h('p', { class: 'muted' }, t('bluetooth.visitorIntro')),
        protectedLock ? h('p', { id: 'bt-invite-trust', class: 'note' }, t('bluetooth.visitorTrustNote'), ' ',
          h('a', { href: `#/lock/${lockId}/devices` }, t('devices.open'))) : null,
        form),
      shown);
  }
}

// ---------------------------------------------------------------- #/bluetooth

export function renderMyBluetooth(main, params, view) {
  const me = app.me.id;
  const result = h('p', { id: 'bt-result', class: 'bt-result', role: 'status', hidden: true });
  const list = h('ul', { id: 'bt-key-list', class: 'visitor-list bt-key-list', 'aria-live': 'polite' });
  const empty = h('p', { class: 'muted', hidden: true }, t('bluetooth.noneOnDevice'));
  const code = h('input', {
    id: 'bt-redeem-code', type: 'text', maxlength: 40, autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', placeholder: 'XXXX-XXXX-XXXX', required: true,
  });
  const redeem = h('button', { id: 'bt-redeem-submit', type: 'submit', class: 'btn btn-primary' }, t('bluetooth.redeem'));
  const waitingList = h('ul', { id: 'bt-visitor-requests', class: 'visitor-list', 'aria-live': 'polite' });
  const waitingCard = h('section', { id: 'bt-waiting', class: 'card', hidden: true },
    h('h2', {}, t('bluetooth.requestsTitle')), waitingList);

  /** Issue 15: a request on a protected lock, waiting for the owner's device: the lock, the code's name, this device's fingerprint. */
  function waitingItem(r) {
    return h('li', { class: 'visitor', 'data-invite-id': r.inviteId },
      h('div', { class: 'visitor-main' },
        h('span', { class: 'visitor-name' }, r.lockName || r.serial, r.name ? ` · ${r.name}` : ''),
        h('span', { class: 'visitor-sub' }, t('bluetooth.validRange', { from: dateTime(r.validFrom), until: dateTime(r.validUntil) })),
        h('span', { class: 'visitor-sub', id: `bt-waiting-${r.inviteId}` }, t('bluetooth.visitorWaiting', { fingerprint: r.fingerprint }))));
  }

  /**
   * Issue 15, design §7: this device's visitor grants on protected locks, as keys the unlock path takes (a
   * kwdg1 chain, as a member's); the requests still waiting are listed apart with this device's fingerprint.
   */
  async function visitorKeys(spki) {
    const { data: requests } = await get('/api/bluetooth/visitor-requests');
    const mineHere = requests.filter((r) => r.deviceId === requestDevice);
    replace(waitingList, ...mineHere.filter((r) => r.status === 'WAITING').map(waitingItem));
    waitingCard.hidden = !mineHere.some((r) => r.status === 'WAITING');
    const keys = [];
    for (const r of mineHere.filter((x) => x.status === 'GRANTED')) {
      const { data: chain } = await get(`/api/locks/${seg(r.lockId)}/grants/mine?deviceId=${seg(r.deviceId)}`);
      if (!chain.joined || bt.deviceOf(chain.joined) !== spki) {
        continue;
      }
      const { data: revoked } = await get(`/api/locks/${seg(r.lockId)}/bluetooth-revocations`);
      keys.push({
        keyId: chain.grantId, lockId: r.lockId, lockName: r.lockName, serial: r.serial, name: r.name, role: chain.role,
        token: chain.joined, validFrom: chain.validFrom, validUntil: chain.validUntil, radio: r.radio, mine: true,
        status: chain.status === 'REVOKED' ? 'REVOKED' : 'ACTIVE', revocations: revoked.revocations,
      });
    }
    return keys;
  }
  let requestDevice = null;

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
      const spki = bt.supported() ? (await bt.deviceKey()).spki : null;
      requestDevice = spki && trustSupported() ? await trustDeviceId() : null;
      const granted = requestDevice ? await visitorKeys(spki) : [];
      if (view.alive) {
        await draw(bt.cacheKeys(me, [...data.map((k) => ({ ...k, mine: true })), ...granted]));
      }
    } catch (e) {
      if (view.alive) {
        if (offline(e)) {
          app.say(t('bluetooth.cloudDownKeys'));
        } else {
          app.fail(e, t('bluetooth.couldNotLoadKeys'));
        }
      }
    }
  }

  const form = h('form', {
    class: 'row gap wrap bt-redeem', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      if (!code.value.trim()) {
        app.fail(t('bluetooth.typeCode'));
        return;
      }
      redeem.disabled = true;
      try {
        const device = await bt.deviceKey();
        if (trustSupported()) {
          // named for the owner's list, should the lock be protected (issue 15); harmless otherwise
          await registerThisDevice().catch(() => {});
        }
        const { data, status } = await post('/api/bluetooth-invites/redeem', { code: code.value.trim(), deviceKey: device.spki });
        code.value = '';
        if (status === 202) {
          app.say(t('bluetooth.visitorAsked', { lock: data.lockName || data.serial, fingerprint: data.fingerprint }));
        } else {
          app.say(t('bluetooth.redeemed', { lock: data.lockName || data.serial }));
        }
        await refresh();
      } catch (e) {
        app.fail(e, t('bluetooth.notAccepted'));
      } finally {
        redeem.disabled = false;
      }
    },
  }, field(t('bluetooth.codeLabel'), code, t('bluetooth.codeHint')), redeem);

  main.append(
    h('div', { class: 'page-head' },
      h('nav', { class: 'crumbs', 'aria-label': t('bluetooth.breadcrumb') }, h('a', { href: '#/locks' }, t('nav.locks'))),
      h('h1', {}, t('bluetooth.keys'))),
    h('div', { class: 'visitor-page' },
      h('section', { class: 'card' }, h('h2', {}, t('bluetooth.redeemTitle')), bt.supported() ? form : unsupportedNote()),
      waitingCard,
      h('section', { class: 'card' }, h('h2', {}, t('bluetooth.myKeys')),
        h('p', { class: 'muted' }, t('bluetooth.standBy')),
        result, empty, list)));
  document.title = t('bluetooth.myPageTitle');
  draw(bt.cachedKeys(me)).then(refresh).catch((e) => app.fail(e, t('bluetooth.cannotHoldPrefix')));
}
