// The lock's owner devices (issue 15, "the cloud alone cannot open a door"; design §4, §6): the phones
// and browsers the lock itself bound at its door, this device among them or not; binding this device
// with the code the lock shows; removing another (a lost phone) with a command this device signs.
import { del, seg } from './api.js';
import { field, h, replace, text } from './dom.js';
import { dateTime, t } from './i18n.js';
import { app } from './session.js';
import { canManage, loadLock, lockPath, pageHead } from './common.js';
import { deviceId, fingerprint, fingerprintOf, parseBindCode, supported } from './trust.js';
import { removeDevice } from './lock-commands.js';
import { memberDeviceLine, sharedDevicesCard } from './view-grants.js';
import {
  bindThisDevice, defaultDeviceName, forgetPendingBind, inTrustMode, pendingBind, signedOptions,
} from './signing.js';

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
export function trustCard(lockId) {
  const line = h('p', { id: 'trust-status', class: 'trust-status' });
  const thisLine = h('p', { id: 'trust-this-device', class: 'hint' });
  const steps = h('div', { id: 'trust-steps', hidden: true }, doorSteps());
  const open = h('a', { id: 'open-devices', class: 'btn btn-secondary', href: `#/lock/${lockId}/devices` }, t('devices.open'));
  const element = h('section', { id: 'trust-card', class: 'card' }, h('h2', {}, t('devices.title')), line, thisLine, steps, open);
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
  }

  main.append(head.element,
    h('section', { class: 'card' }, status, thisLine, list, none),
    shared.element,
    bindCard);
  view.every(3000, refresh);
}
