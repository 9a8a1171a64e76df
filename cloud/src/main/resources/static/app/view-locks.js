// My locks, adding a lock by its QR (SPEC A3), and the lock page (H2).
import { ApiError, del, get, post, put, seg } from './api.js';
import { checkbox, field, h, replace, text } from './dom.js';
import { explain, withPrefix } from './errors.js';
import { t } from './i18n.js';
import { app } from './session.js';
import * as words from './words.js';
import {
  batteryText, canManage, loadLock, lockPath, onlinePill, refusalBox, renderPending, lockAnswer, settingFix, showAnswer,
} from './common.js';
import { accessoriesText } from './view-accessories.js';
import { trustCard } from './view-devices.js';
import { liftLockout, remoteUnlock } from './lock-commands.js';
import { bindThisDevice, defaultDeviceName, keepPendingBind, signedFor } from './signing.js';
import { splitPairing, supported as trustSupported } from './trust.js';

// ---------------------------------------------------------------- my locks

export function renderLocks(main, params, view) {
  const list = h('ul', { id: 'lock-list', class: 'lock-list', 'aria-live': 'polite', 'aria-busy': 'true' });
  const empty = h('div', { class: 'empty', hidden: true },
    h('p', {}, t('locks.empty')));
  main.append(
    h('div', { class: 'page-head row' },
      h('h1', {}, t('nav.locks')),
      h('div', { class: 'row gap wrap' },
        h('a', { id: 'open-my-bluetooth', class: 'btn btn-secondary', href: '#/bluetooth' }, t('locks.bluetoothKeys')),
        h('a', { id: 'open-webhooks', class: 'btn btn-secondary', href: '#/webhooks' }, t('locks.webhooks')),
        h('a', { id: 'add-lock', class: 'btn btn-primary', href: '#/add' }, h('span', { 'aria-hidden': 'true' }, '+ '), t('locks.addLock')))),
    list, empty);

  const items = new Map();
  view.every(3000, async () => {
    const { data } = await get('/api/locks');
    if (!view.alive) {
      return;
    }
    list.removeAttribute('aria-busy');
    empty.hidden = data.length > 0;
    const seen = new Set();
    data.forEach((lock, index) => {
      seen.add(lock.id);
      let item = items.get(lock.id);
      if (!item) {
        item = lockItem(lock);
        items.set(lock.id, item);
      }
      item.update(lock);
      if (list.children[index] !== item.element) {
        list.insertBefore(item.element, list.children[index] || null);
      }
    });
    for (const [id, item] of items) {
      if (!seen.has(id)) {
        item.element.remove();
        items.delete(id);
      }
    }
  });
}

function lockItem(lock) {
  const name = h('span', { class: 'lock-name' });
  const serial = h('span', { class: 'muted' });
  const role = h('span', { class: 'badge' });
  const online = h('span', { class: 'pill' });
  const battery = h('span', { class: 'battery' });
  const link = h('a', { class: 'lock-link', href: `#/lock/${lock.id}` },
    h('span', { class: 'lock-icon', 'aria-hidden': 'true' }),
    h('span', { class: 'lock-main' }, name, h('span', { class: 'lock-sub' }, serial, ' · ', role)),
    h('span', { class: 'lock-side' }, online, battery));
  const element = h('li', { 'data-lock-id': lock.id, class: 'lock-item' }, link);
  return {
    element,
    update(l) {
      text(name, l.name || l.serial);
      text(serial, l.serial);
      text(role, l.role === 'OWNER' ? words.accountRole('OWNER') : t('locks.sharedWithMe', { role: words.accountRole(l.role) }));
      onlinePill(online, l.online, l.reset);
      text(battery, l.reset ? t('lock.addAgain') : t('locks.battery', { battery: batteryText(l.reported) }));
    },
  };
}

// ---------------------------------------------------------------- add a lock

export function renderAddLock(main, params, view) {
  const code = h('textarea', {
    id: 'pairing-code', rows: 3, required: true, maxlength: 500, spellcheck: 'false', autocomplete: 'off',
    placeholder: 'keyward://pair?...',
  });
  const name = h('input', { id: 'lock-name', type: 'text', maxlength: 100, placeholder: t('add.namePlaceholder'), autocomplete: 'off' });
  // issue 15: bind this browser on the way (the QR's bind secret), unless the owner chooses not to yet
  const protect = checkbox('pair-protect', t('add.protect'), true);
  const addRefusal = refusalBox('pair-refusal');
  const submit = h('button', { id: 'pair-submit', type: 'submit', class: 'btn btn-primary' }, t('locks.addLock'));
  const waiting = h('div', { class: 'waiting', hidden: true, role: 'status', 'aria-live': 'polite' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' ', t('add.waitingPairing'));

  const canScan = 'BarcodeDetector' in window && navigator.mediaDevices
    && typeof navigator.mediaDevices.getUserMedia === 'function';
  const scanArea = h('div', { class: 'scan', hidden: true });
  let stream = null;
  let scanning = false;
  function stopScan() {
    scanning = false;
    if (stream) {
      stream.getTracks().forEach((t) => t.stop());
      stream = null;
    }
    scanArea.hidden = true;
    replace(scanArea);
  }
  view.onCleanup(stopScan);
  const scanButton = canScan ? h('button', {
    id: 'scan-qr', type: 'button', class: 'btn btn-secondary',
    onclick: async () => {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (!formats.includes('qr_code')) {
          app.fail(t('add.noQrReader'));
          return;
        }
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      } catch (e) {
        app.fail(t('add.noCamera', { why: e.message || e.name }));
        return;
      }
      if (!view.alive) {
        stopScan();
        return;
      }
      const video = h('video', { id: 'scan-video', playsinline: true, muted: true, 'aria-label': t('add.camera') });
      video.srcObject = stream;
      scanArea.hidden = false;
      replace(scanArea, video, h('button', { id: 'scan-stop', type: 'button', class: 'btn btn-ghost', onclick: stopScan }, t('add.stopCamera')));
      await video.play().catch(() => {});
      const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      scanning = true;
      app.say(t('add.pointCamera'));
      const look = async () => {
        if (!scanning) {
          return;
        }
        try {
          const codes = await detector.detect(video);
          const found = codes.find((c) => (c.rawValue || '').startsWith('keyward://'));
          if (found) {
            code.value = found.rawValue;
            stopScan();
            app.say(t('add.qrRead'));
            name.focus();
            return;
          }
        } catch {
          // a frame that cannot be read yet: try the next
        }
        setTimeout(look, 250);
      };
      look();
    },
  }, t('add.scan')) : null;

  const form = h('form', {
    class: 'stack', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      // the bind secret (design §4) stays in this browser: the cloud gets the pairing text without it
      const { pairing: pairingCode, bind } = splitPairing(code.value);
      if (!pairingCode) {
        app.fail(t('add.pasteCode'));
        code.focus();
        return;
      }
      submit.disabled = true;
      addRefusal.clear();
      waiting.hidden = false;
      app.say(t('add.waiting'));
      try {
        const body = { pairingCode };
        if (name.value.trim()) {
          body.name = name.value.trim();
        }
        const result = await post('/api/locks', body);
        if (!view.alive) {
          return;
        }
        const protectNow = protect.querySelector('input').checked;
        if (result.status === 201) {
          const added = t('add.added', { name: result.data.name || result.data.serial });
          if (bind && !protectNow) {
            keepPendingBind(result.data.serial, bind); // the Devices page can still bind with it for 10 minutes
          }
          app.flash(bind && protectNow ? `${added} ${await bindAfterPairing(result.data, bind)}` : added);
          app.go(`#/lock/${result.data.id}`);
        } else {
          if (bind && result.data && result.data.serial) {
            keepPendingBind(result.data.serial, bind); // the Devices page finishes binding once the lock is added
          }
          app.say(result.data && result.data.serial ? t('add.notYetSerial', { serial: result.data.serial }) : t('add.notYet'));
        }
      } catch (e) {
        if (view.alive) {
          // the cloud's one plain sentence, beside the form as well as in the message line
          const said = explain(e, true);
          addRefusal.show(t('add.failed', { why: said }));
          app.fail(t('add.failed', { why: said }));
        }
      } finally {
        submit.disabled = false;
        waiting.hidden = true;
      }
    },
  },
  field(t('add.code'), code, t('add.codeHint')),
  field(t('add.name'), name),
  protect,
  h('p', { class: 'hint', id: 'pair-protect-hint' }, t('add.protectHint')),
  h('div', { class: 'row gap' }, submit, scanButton),
  addRefusal.element,
  waiting);

  main.append(
    h('div', { class: 'page-head' },
      h('nav', { class: 'crumbs', 'aria-label': t('nav.breadcrumb') }, h('a', { href: '#/locks' }, t('nav.locks'))),
      h('h1', {}, t('add.title'))),
    h('section', { class: 'card narrow' }, form, scanArea));
}

/**
 * Right after pairing with a QR that carries a bind secret: binds this browser as the lock's first owner
 * device (issue 15, design §4), named as the browser. Answers the words to show after "Lock added";
 * on failure the secret is kept (10 minutes) for the Devices page to try again.
 */
async function bindAfterPairing(lock, bind) {
  if (!trustSupported()) {
    return t('devices.noWebCrypto');
  }
  try {
    await bindWhenOnline(lock, bind);
    return t('add.deviceBound');
  } catch (e) {
    keepPendingBind(lock.serial, bind);
    return withPrefix(t('devices.couldNotBind'), explain(e));
  }
}

/** Binds, trying again for a few seconds while the lock, just added, is still connecting (409 LOCK_OFFLINE). */
async function bindWhenOnline(lock, bind) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await bindThisDevice(lock, bind, defaultDeviceName());
    } catch (e) {
      const offline = e instanceof ApiError && e.status === 409 && (e.data && e.data.reason === 'LOCK_OFFLINE' || /offline/i.test(e.reason));
      if (!offline || attempt >= 15) {
        throw e;
      }
      await new Promise((resolve) => { setTimeout(resolve, 1000); });
    }
  }
}

// ---------------------------------------------------------------- the lock page

export function renderLock(main, [lockId], view) {
  const title = h('h1', { id: 'lock-title' }, t('lock.lock'));
  const serial = h('span', { id: 'lock-serial', class: 'muted' });
  const role = h('span', { id: 'lock-role', class: 'badge' });
  const online = h('span', { id: 'lock-online', class: 'pill' }, '…');
  const tile = (id, label, extra) => {
    const value = h('span', { id, class: 'tile-value' }, '—');
    return { value, element: h('div', { class: 'tile' }, h('span', { class: 'tile-label' }, label), value, extra || null) };
  };
  const battery = tile('lock-battery', t('lock.tile.battery'));
  const batteryBar = h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { class: 'bar-fill' }));
  battery.element.append(batteryBar);
  const wifi = tile('lock-wifi', t('lock.tile.wifi'));
  const bluetooth = tile('lock-bluetooth', t('lock.tile.bluetooth'));
  const door = tile('lock-door', t('lock.tile.door'));
  const bolt = tile('lock-bolt', t('lock.tile.bolt'));
  const lockout = tile('lock-lockout', t('lock.tile.keypad'));
  const accessories = tile('lock-accessories', t('lock.tile.accessories'));
  const pending = h('div', { id: 'lock-pending', class: 'pending', hidden: true, 'aria-live': 'polite' });
  // D7: the lock was reset at the door; it forgot this account until it is added again
  const resetNotice = h('div', { id: 'lock-reset', class: 'message error', role: 'status', hidden: true },
    h('span', { class: 'reset-text' }), ' ',
    h('a', { id: 'lock-reset-add', href: '#/add' }, t('lock.addAgain')));

  const unlock = h('button', { id: 'unlock', type: 'button', class: 'btn btn-primary btn-big' },
    h('span', { class: 'unlock-icon', 'aria-hidden': 'true' }), h('span', { class: 'unlock-text' }, t('lock.unlock')));
  // what will refuse the unlock, said before it is tried (from the lock's last report)
  const unlockHint = h('p', { class: 'hint center', id: 'unlock-hint' }, t('lock.unlockHint'));
  const unlockRefusal = refusalBox('unlock-refusal');
  unlock.setAttribute('aria-describedby', 'unlock-hint');
  let current = null;
  unlock.addEventListener('click', async () => {
    unlock.disabled = true;
    unlockRefusal.clear();
    text(unlock.querySelector('.unlock-text'), t('lock.unlocking'));
    app.say(t('lock.unlocking'));
    try {
      // in trust mode this device signs the unlock (design §3); else no headers, as before
      await post(`${lockPath(lockId)}/unlock`, undefined, await signedFor(current || lockId, remoteUnlock(app.me.email)));
      app.say(t('lock.unlocked'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // beside the button, in the table's words, with the fix one tap away where there is one
        const code = (e.data && e.data.reason) || (current && !current.online ? 'OFFLINE' : null);
        const said = words.refusal(code, e.reason);
        unlockRefusal.show(said, current ? settingFix(code, current, put) : null);
        app.fail(withPrefix(t('lock.notUnlocked'), said));
      } else if (e instanceof ApiError && e.data && e.data.reason) {
        // refused for want of a device signature (428, or before sending): beside the button, with the way to Devices
        const said = explain(e);
        unlockRefusal.show(said, { hint: t('trust.goToDevices') });
        app.fail(withPrefix(t('lock.notUnlocked'), said));
      } else {
        app.fail(e, t('lock.notUnlocked'));
      }
    } finally {
      unlock.disabled = false;
      text(unlock.querySelector('.unlock-text'), t('lock.unlock'));
    }
  });

  const lift = h('button', { id: 'lift-lockout', type: 'button', class: 'btn btn-secondary', hidden: true }, t('lock.liftLockout'));
  lift.addEventListener('click', async () => {
    lift.disabled = true;
    try {
      const signed = await signedFor(current || lockId, liftLockout());
      showAnswer(await lockAnswer(post(`${lockPath(lockId)}/lockout/lift`, undefined, signed)), t('command.LIFT_LOCKOUT'));
    } catch (e) {
      app.fail(e, t('lock.couldNotLift'));
    } finally {
      lift.disabled = false;
    }
  });
  lockout.element.append(lift);

  const entry = (id, href, label, description, soon) => {
    const content = [h('span', { class: `entry-icon icon-${id}`, 'aria-hidden': 'true' }),
      h('span', { class: 'entry-text' }, h('span', { class: 'entry-label' }, label), h('span', { class: 'entry-desc' }, description)),
      soon ? h('span', { class: 'badge badge-soon' }, t('lock.comingSoon')) : null];
    if (soon) {
      return h('button', {
        id, type: 'button', class: 'entry soon', 'aria-disabled': 'true',
        onclick: () => app.say(t('lock.isComingSoon', { label })),
      }, content);
    }
    return h('a', { id, class: 'entry', href }, content);
  };
  const usersEntry = entry('open-users', `#/lock/${lockId}/users`, t('lock.entry.users'), t('lock.entry.usersDesc'));
  const settingsEntry = entry('open-settings', `#/lock/${lockId}/settings`, t('lock.entry.settings'), t('lock.entry.settingsDesc'));
  const visitorEntry = entry('open-visitor', `#/lock/${lockId}/visitors`, t('lock.entry.visitors'), t('lock.entry.visitorsDesc'));
  const syncEntry = entry('open-sync-link', `#/lock/${lockId}/sync`, t('lock.entry.sync'), t('lock.entry.syncDesc'));
  const sharingEntry = entry('open-sharing', `#/lock/${lockId}/sharing`, t('lock.entry.sharing'), t('lock.entry.sharingDesc'));
  const entries = h('div', { class: 'entries' },
    entry('open-live', `#/lock/${lockId}/live`, t('lock.entry.live'), t('lock.entry.liveDesc')),
    usersEntry,
    visitorEntry,
    entry('open-bluetooth-key', `#/lock/${lockId}/bluetooth`, t('lock.entry.bluetooth'), t('lock.entry.bluetoothDesc')),
    entry('open-events', `#/lock/${lockId}/events`, t('lock.entry.events'), t('lock.entry.eventsDesc')),
    settingsEntry,
    syncEntry,
    sharingEntry);

  const leaveBox = h('div', { class: 'leave', hidden: true });
  const trust = trustCard(lockId);
  const tiles = h('div', { class: 'tiles' }, battery.element, wifi.element, bluetooth.element, door.element, bolt.element,
    lockout.element, accessories.element);
  const connectingNote = h('p', { id: 'lock-connecting', class: 'hint', hidden: true, role: 'status' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' ', t('lock.connectingHint'));

  main.append(
    h('div', { class: 'page-head' },
      h('nav', { class: 'crumbs', 'aria-label': t('nav.breadcrumb') }, h('a', { href: '#/locks' }, t('nav.locks'))),
      h('div', { class: 'row wrap gap' }, title, online),
      h('p', { class: 'sub' }, serial, ' ', role)),
    resetNotice,
    h('section', { class: 'card' },
      h('h2', { class: 'sr-only' }, t('lock.state')),
      connectingNote, tiles,
      pending),
    h('section', { class: 'card center-card' }, h('h2', { class: 'sr-only' }, t('lock.unlock')), unlock, unlockHint,
      unlockRefusal.element),
    trust.element,
    h('section', { 'aria-label': t('lock.functions') }, entries),
    leaveBox);

  let leaveBuilt = false;
  view.every(1000, async () => {
    const lock = await loadLock(lockId);
    if (!view.alive) {
      return;
    }
    const r = lock.reported || {};
    current = lock;
    // right after adding, the lock has not reported yet: "Connecting…", not "Offline" with empty tiles
    const connecting = !lock.reported && !lock.reset;
    text(title, lock.name || lock.serial);
    document.title = t('lock.pageTitle', { name: lock.name || lock.serial });
    text(serial, lock.serial);
    text(role, words.accountRole(lock.role));
    onlinePill(online, lock.online, lock.reset, connecting);
    tiles.classList.toggle('connecting', connecting);
    connectingNote.hidden = !connecting;
    text(unlockHint, unlockHintText(lock, connecting));
    unlockHint.classList.toggle('warn', unlockHint.textContent !== t('lock.unlockHint'));
    resetNotice.hidden = !lock.reset;
    text(resetNotice.querySelector('.reset-text'), lock.reset ? t('lock.resetNotice') : '');
    unlock.disabled = Boolean(lock.reset);
    text(battery.value, batteryText(lock.reported));
    const fill = batteryBar.firstChild;
    const percent = typeof r.battery === 'number' ? r.battery : 0;
    fill.style.width = `${percent}%`;
    fill.classList.toggle('low', Boolean(r.batteryLow) || percent < 20);
    const settings = r.settings || {};
    text(wifi.value, settings.WIFI === undefined ? '—' : settings.WIFI === 'true' ? t('lock.on') : t('lock.off'));
    text(door.value, r.door ? words.door(r.door) : '—');
    // the lock reports its radio when it has one (C5: unlock and manage nearby on the Bluetooth Key page)
    text(bluetooth.value, lock.reported ? (r.radio ? t('lock.on') : t('lock.off')) : '—');
    text(bolt.value, r.bolt ? `${words.bolt(r.bolt)}${r.lockedFromInside ? t('lock.fromInside') : ''}` : '—');
    text(lockout.value, r.lockout ? t('lock.lockedOut') : (lock.reported ? t('lock.normal') : '—'));
    lockout.value.classList.toggle('bad', Boolean(r.lockout));
    text(accessories.value, lock.reported ? accessoriesText(r) : '—');
    const manager = canManage(lock);
    lift.hidden = !(r.lockout && manager);
    usersEntry.hidden = !manager;
    settingsEntry.hidden = !manager;
    syncEntry.hidden = !manager;
    visitorEntry.hidden = !manager;
    sharingEntry.hidden = lock.role !== 'OWNER';
    renderPending(pending, lock);
    await trust.update(lock);
    if (!leaveBuilt && lock.role !== 'OWNER') {
      leaveBuilt = true;
      buildLeave(leaveBox, lock);
    }
  });
}

/** The Unlock card's hint: what will refuse an unlock from the app, before it is tried. */
function unlockHintText(lock, connecting) {
  const settings = (lock.reported && lock.reported.settings) || {};
  if (connecting) {
    return t('lock.unlockConnecting');
  }
  if (!lock.online) {
    return t('lock.unlockOffline');
  }
  if (settings.REMOTE_UNLOCK === 'false') {
    return t('lock.unlockRemoteOff');
  }
  if (settings.PRIVACY_MODE === 'true') {
    return t('lock.unlockPrivacy');
  }
  return t('lock.unlockHint');
}

function buildLeave(box, lock) {
  box.hidden = false;
  const confirm = h('div', { class: 'confirm', hidden: true },
    h('p', {}, t('lock.leaveConfirm', { name: lock.name || lock.serial })),
    h('div', { class: 'row gap' },
      h('button', {
        id: 'leave-lock-confirm', type: 'button', class: 'btn btn-danger',
        onclick: async (event) => {
          event.currentTarget.disabled = true;
          try {
            await del(`${lockPath(lock.id)}/shares/${seg(app.me.id)}`);
            app.flash(t('lock.left', { name: lock.name || lock.serial }));
            app.go('#/locks');
          } catch (e) {
            app.fail(e, t('lock.couldNotLeave'));
            if (!(e instanceof ApiError && e.status === 404)) {
              event.target.disabled = false;
            }
          }
        },
      }, t('lock.yesLeave')),
      h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => { confirm.hidden = true; } }, t('common.cancel'))));
  box.append(h('section', { class: 'card' },
    h('h2', {}, t('lock.sharedWithYou')),
    h('p', { class: 'muted' }, t('lock.youUseAs', { role: words.accountRole(lock.role).toLowerCase() })),
    h('button', { id: 'leave-lock', type: 'button', class: 'btn btn-ghost danger-text', onclick: () => { confirm.hidden = false; } }, t('lock.leave')),
    confirm));
}
