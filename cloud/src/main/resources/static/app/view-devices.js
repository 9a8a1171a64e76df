// The lock's owner devices (issue 15, "the cloud alone cannot open a door"; design §4, §6): the phones
// and browsers the lock itself bound at its door, this device among them or not; binding this device
// with the code the lock shows; removing another (a lost phone) with a command this device signs.
import { del, get, post, seg } from './api.js';
import { field, h, replace, text } from './dom.js';
import { dateTime, t } from './i18n.js';
import { explain } from './errors.js';
import { app } from './session.js';
import { canManage, loadLock, lockPath, pageHead } from './common.js';
import { agreeKey, deviceId, deviceKey, fingerprintOf, grant, parseBindCode, selfGrant, supported } from './trust.js';
import { BluetoothError, unlockNearby } from './bluetooth.js';
import { bluetoothWhy } from './view-bluetooth-manage.js';
import { removeDevice } from './lock-commands.js';
import { memberDeviceLine, sharedDevicesCard } from './view-grants.js';
import {
  bindThisDevice, chainOf, defaultDeviceName, forgetPendingBind, inTrustMode, notBound, pendingBind, signedOptions,
} from './signing.js';

/** How long a grant to another of the account's devices lasts (it can be revoked sooner). */
const GRANT_DAYS = 365;

// keys: devices.how.*
const howWords = (how) => (how === 'PAIRING_QR' || how === 'DOOR' ? t(`devices.how.${how}`) : how || '');

/** This browser's device id, or null where WebCrypto is missing (http that is not localhost). */
async function thisDeviceId() {
  return supported() ? deviceId() : null;
}

/**
 * The lock's trust state in words, for the lock page and the Devices page: {protectedNow, line,
 * thisBound}. Protected: the lock holds owner devices and obeys only what they sign (design §3).
 */
export function trustState(lock, mine) {
  const devices = lock.ownerDevices || [];
  const protectedNow = inTrustMode(lock);
  return {
    protectedNow,
    thisBound: Boolean(mine) && devices.some((d) => d.deviceId === mine),
    line: protectedNow ? t('trust.protected', { n: devices.length }) : t('trust.notProtected'),
  };
}

/** The steps at the door that make the lock show a bind code (design §4). */
function doorSteps() {
  return h('ol', { class: 'steps' },
    h('li', {}, t('trust.step.hold')),
    h('li', {}, t('trust.step.passcode')),
    h('li', {}, t('trust.step.scan')));
}

/**
 * The lock page's card: protected or not, how many devices, whether this one is among them, the steps
 * when it is not, and the way to the Devices page. update(lock) is called on every poll.
 */
/**
 * Unlock nearby on a protected lock (SPEC C5, design §2): the hello carries this device's chain instead
 * of a cloud-made key, a fresh self-grant for an owner device, else the grant the cloud relays for it.
 */
async function unlockNearbyAsDevice(lock, owner) {
  const chain = owner ? [await selfGrant(lock.serial, app.me.email)] : await chainOf(lock);
  if (chain.length === 0) {
    throw notBound();
  }
  return unlockNearby({ token: chain.join('~'), radio: lock.reported.radio, revocations: [] });
}

export function trustCard(lockId) {
  let current = null;
  let owner = false;
  const nearbyResult = h('p', { id: 'trust-nearby-result', class: 'hint', role: 'status' });
  const nearby = h('button', { id: 'trust-unlock-nearby', type: 'button', class: 'btn btn-secondary', hidden: true }, t('trust.unlockNearby'));
  nearby.addEventListener('click', async () => {
    nearby.disabled = true;
    text(nearbyResult, t('trust.nearbyTrying'));
    try {
      const answer = await unlockNearbyAsDevice(current, owner);
      text(nearbyResult, answer.ok ? t('trust.nearbyOpened') : t('trust.nearbyRefused', { why: bluetoothWhy(answer.reason, answer.message) }));
    } catch (e) {
      const why = e instanceof BluetoothError ? bluetoothWhy(e.reason, e.message, e.said, e.params) : explain(e);
      text(nearbyResult, t('trust.nearbyRefused', { why }));
    } finally {
      nearby.disabled = false;
    }
  });
  const line = h('p', { id: 'trust-status', class: 'trust-status' });
  const thisLine = h('p', { id: 'trust-this-device', class: 'hint' });
  const steps = h('div', { id: 'trust-steps', hidden: true }, doorSteps());
  const open = h('a', { id: 'open-devices', class: 'btn btn-secondary', href: `#/lock/${lockId}/devices` }, t('devices.open'));
  const element = h('section', { id: 'trust-card', class: 'card' }, h('h2', {}, t('devices.title')), line, thisLine, steps,
    h('div', { class: 'row gap wrap' }, open, nearby), nearbyResult);
  return {
    element,
    async update(lock) {
      const mine = await thisDeviceId();
      const state = trustState(lock, mine);
      text(line, state.line);
      line.classList.toggle('ok', state.protectedNow);
      line.classList.toggle('warn', !state.protectedNow);
      // a shared account's device is granted by the owner's, not bound at the door (design §7)
      const member = state.thisBound ? null : await memberDeviceLine(lock).catch(() => null);
      text(thisLine, state.thisBound ? t('trust.thisBound', { fingerprint: fingerprintOf(mine) })
        : member || t('trust.thisNotBound'));
      steps.hidden = state.thisBound || Boolean(member);
      current = lock;
      owner = state.thisBound;
      nearby.hidden = !(state.thisBound && lock.reported && lock.reported.radio);
    },
  };
}

export function renderDevices(main, [lockId], view) {
  const head = pageHead(lockId, t('devices.title'));
  const status = h('p', { id: 'trust-status', class: 'trust-status' });
  const thisLine = h('p', { id: 'device-this', class: 'hint' });
  const list = h('ul', { id: 'device-list', class: 'device-list', 'aria-live': 'polite' });
  const none = h('p', { id: 'device-none', class: 'muted', hidden: true }, t('devices.none'));
  let lock = null;
  let mine = null;
  let shown = null;
  const shared = sharedDevicesCard(lockId);

  const name = h('input', { id: 'bind-name', type: 'text', maxlength: 40, autocomplete: 'off', value: defaultDeviceName() });
  const code = h('textarea', {
    id: 'bind-code', rows: 2, maxlength: 300, spellcheck: 'false', autocomplete: 'off', placeholder: 'keyward://bind?...',
  });
  const submit = h('button', { id: 'bind-submit', type: 'submit', class: 'btn btn-primary' }, t('devices.bind'));
  const finish = h('button', { id: 'bind-pending', type: 'button', class: 'btn btn-primary', hidden: true }, t('devices.finishBinding'));
  const bindCard = h('section', { id: 'bind-card', class: 'card narrow' },
    h('h2', {}, t('devices.bindTitle')),
    h('p', {}, t('devices.bindIntro')),
    doorSteps(),
    finish,
    h('form', { class: 'stack', novalidate: true, onsubmit: (event) => { event.preventDefault(); bindWithCode(); } },
      field(t('devices.name'), name, t('devices.nameHint')),
      field(t('devices.code'), code, t('devices.codeHint')),
      h('div', { class: 'row gap' }, submit)));

  async function bind(secret, button) {
    button.disabled = true;
    app.say(t('devices.binding'));
    try {
      await bindThisDevice(lock, secret, name.value.trim());
      forgetPendingBind(lock.serial);
      code.value = '';
      app.say(t('devices.bound', { fingerprint: fingerprintOf(mine) }));
      await refresh();
    } catch (e) {
      app.fail(e, t('devices.couldNotBind'));
    } finally {
      button.disabled = false;
    }
  }

  function bindWithCode() {
    let parsed;
    try {
      parsed = parseBindCode(code.value);
    } catch {
      app.fail(t('refusal.NOT_BIND_CODE'));
      code.focus();
      return;
    }
    if (parsed.serial !== lock.serial) {
      app.fail(t('refusal.BIND_CODE_OTHER_LOCK', { serial: parsed.serial }));
      return;
    }
    if (parsed.expires * 1000 < Date.now()) {
      app.fail(t('refusal.BIND_CODE_EXPIRED'));
      return;
    }
    bind(parsed.bind, submit);
  }
  finish.addEventListener('click', () => bind(pendingBind(lock.serial), finish));

  async function remove(device, button) {
    if ((lock.ownerDevices || []).length <= 1) {
      app.fail(t('refusal.LAST_OWNER_DEVICE'));
      return;
    }
    button.disabled = true;
    app.say(t('devices.removing', { name: device.name }));
    try {
      const options = await signedOptions(lock, removeDevice(device.deviceId));
      await del(`${lockPath(lockId)}/devices/${seg(device.deviceId)}`, options);
      app.say(t('devices.removed', { name: device.name }));
      await refresh();
    } catch (e) {
      app.fail(e, t('devices.couldNotRemove', { name: device.name }));
      button.disabled = false;
    }
  }

  function item(device) {
    const isThis = device.deviceId === mine;
    const confirm = h('div', { class: 'confirm', hidden: true },
      h('p', {}, t('devices.removeConfirm', { name: device.name })),
      h('div', { class: 'row gap' },
        h('button', {
          id: `device-remove-confirm-${device.deviceId}`, type: 'button', class: 'btn btn-danger',
          onclick: (event) => remove(device, event.currentTarget),
        }, t('devices.yesRemove')),
        h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => { confirm.hidden = true; } }, t('common.cancel'))));
    const removeButton = isThis ? null : h('button', {
      id: `device-remove-${device.deviceId}`, type: 'button', class: 'btn btn-ghost danger-text',
      onclick: () => { confirm.hidden = false; },
    }, t('devices.remove'));
    return h('li', { 'data-device-id': device.deviceId, class: 'device-item' },
      h('div', { class: 'row wrap gap' },
        h('strong', { class: 'device-name' }, device.name),
        h('code', { class: 'device-fingerprint' }, device.fingerprint || fingerprintOf(device.deviceId)),
        isThis ? h('span', { class: 'badge badge-ok device-this' }, t('devices.thisDevice')) : null),
      h('p', { class: 'muted' }, t('devices.boundWhen', { when: device.boundAt ? dateTime(device.boundAt) : '—', how: howWords(device.how) })),
      canManage(lock) ? removeButton : null,
      confirm);
  }

  async function refresh() {
    lock = await loadLock(lockId);
    mine = await thisDeviceId();
    if (!view.alive) {
      return;
    }
    head.setLock(lock);
    const state = trustState(lock, mine);
    text(status, state.line);
    status.classList.toggle('ok', state.protectedNow);
    status.classList.toggle('warn', !state.protectedNow);
    text(thisLine, mine ? t('devices.thisIs', { fingerprint: fingerprintOf(mine) }) : t('devices.noWebCrypto'));
    bindCard.hidden = state.thisBound || !canManage(lock);
    finish.hidden = !pendingBind(lock.serial);
    const devices = lock.ownerDevices || [];
    none.hidden = devices.length > 0;
    // rebuilt only when the devices change, so an open confirmation survives the poll
    const key = JSON.stringify(devices);
    if (key !== shown) {
      shown = key;
      replace(list, ...devices.map(item));
    }
    await shared.update(lock);
    await refreshOthers(state);
  }

  // ---- the account's other devices: an owner device grants them access (design §2 kwdg1, a one-link chain)
  const others = h('ul', { id: 'own-grant-list', class: 'device-list' });
  const grantCard = h('section', { id: 'grant-card', class: 'card', hidden: true },
    h('h2', {}, t('devices.grantTitle')), h('p', { class: 'hint' }, t('devices.grantIntro')), others);
  let registered = false;
  let shownOthers = null;

  async function grantTo(device, button) {
    button.disabled = true;
    try {
      const now = Date.now();
      const token = await grant({
        serial: lock.serial, holderKey: device.deviceKey, account: app.me.email, role: 'MANAGER',
        validFrom: now - 60_000, validUntil: now + GRANT_DAYS * 24 * 3600_000,
      });
      await post(`${lockPath(lockId)}/grants`, { token });
      app.say(t('devices.granted', { name: device.name }));
    } catch (e) {
      app.fail(e, t('devices.couldNotGrant', { name: device.name }));
    } finally {
      button.disabled = false;
    }
  }

  async function refreshOthers(state) {
    if (!mine) {
      return;
    }
    if (!registered) {
      // this browser's public keys with the account, so that an owner device can grant it (idempotent)
      registered = true;
      await post('/api/devices', { deviceKey: await deviceKey(), agreeKey: await agreeKey(), name: defaultDeviceName() }).catch(() => {});
    }
    grantCard.hidden = !state.thisBound;
    if (!state.thisBound) {
      return;
    }
    const owners = new Set((lock.ownerDevices || []).map((d) => d.deviceId));
    const candidates = (await get('/api/devices')).data.filter((d) => !owners.has(d.deviceId));
    const key = JSON.stringify(candidates.map((d) => d.deviceId));
    if (key === shownOthers) {
      return;
    }
    shownOthers = key;
    replace(others, ...(candidates.length ? candidates.map((d) => h('li', { class: 'device-item', 'data-device-id': d.deviceId },
      h('div', { class: 'row wrap gap' },
        h('strong', { class: 'device-name' }, d.name), h('code', { class: 'device-fingerprint' }, d.fingerprint || fingerprintOf(d.deviceId))),
      h('button', {
        id: `device-grant-${d.deviceId}`, type: 'button', class: 'btn btn-secondary btn-small',
        onclick: (event) => grantTo(d, event.currentTarget),
      }, t('devices.grant')))) : [h('li', { class: 'muted' }, t('devices.noOthers'))]));
  }

  main.append(head.element,
    h('section', { class: 'card' }, status, thisLine, list, none),
    shared.element,
    grantCard,
    bindCard);
  view.every(3000, refresh);
}
