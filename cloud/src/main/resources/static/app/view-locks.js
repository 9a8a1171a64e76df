// My locks, adding a lock by its QR (SPEC A3), and the lock page (H2).
import { ApiError, del, get, post, put, seg } from './api.js';
import { field, h, replace, text } from './dom.js';
import { t } from './i18n.js';
import { app } from './session.js';
import * as words from './words.js';
import {
  batteryText, canManage, loadLock, lockPath, onlinePill, refusalBox, renderPending, lockAnswer, settingFix, showAnswer,
} from './common.js';
import { accessoriesText } from './view-accessories.js';

// ---------------------------------------------------------------- my locks

export function renderLocks(main, params, view) {
  const list = h('ul', { id: 'lock-list', class: 'lock-list', 'aria-live': 'polite', 'aria-busy': 'true' });
  const empty = h('div', { class: 'empty', hidden: true },
    h('p', {}, 'No locks yet. Put your lock in pairing mode (hold SET on the rear panel until the QR code shows) and add it.'));
  main.append(
    h('div', { class: 'page-head row' },
      h('h1', {}, 'My locks'),
      h('div', { class: 'row gap wrap' },
        h('a', { id: 'open-my-bluetooth', class: 'btn btn-secondary', href: '#/bluetooth' }, 'Bluetooth keys'),
        h('a', { id: 'open-webhooks', class: 'btn btn-secondary', href: '#/webhooks' }, 'Webhooks'),
        h('a', { id: 'add-lock', class: 'btn btn-primary', href: '#/add' }, h('span', { 'aria-hidden': 'true' }, '+ '), 'Add lock'))),
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
      text(role, l.role === 'OWNER' ? 'Owner' : `Shared with me · ${words.accountRole(l.role)}`);
      onlinePill(online, l.online, l.reset);
      text(battery, l.reset ? 'Add it again' : `Battery ${batteryText(l.reported)}`);
    },
  };
}

// ---------------------------------------------------------------- add a lock

export function renderAddLock(main, params, view) {
  const code = h('textarea', {
    id: 'pairing-code', rows: 3, required: true, maxlength: 500, spellcheck: 'false', autocomplete: 'off',
    placeholder: 'keyward://pair?...',
  });
  const name = h('input', { id: 'lock-name', type: 'text', maxlength: 100, placeholder: 'Front door', autocomplete: 'off' });
  const addRefusal = refusalBox('pair-refusal');
  const submit = h('button', { id: 'pair-submit', type: 'submit', class: 'btn btn-primary' }, 'Add lock');
  const waiting = h('div', { class: 'waiting', hidden: true, role: 'status', 'aria-live': 'polite' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Waiting for the lock… keep it in pairing mode.');

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
          app.fail('This browser cannot read QR codes; paste the code instead.');
          return;
        }
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      } catch (e) {
        app.fail(`The camera is not available (${e.message || e.name}); paste the code instead.`);
        return;
      }
      if (!view.alive) {
        stopScan();
        return;
      }
      const video = h('video', { id: 'scan-video', playsinline: true, muted: true, 'aria-label': 'Camera' });
      video.srcObject = stream;
      scanArea.hidden = false;
      replace(scanArea, video, h('button', { id: 'scan-stop', type: 'button', class: 'btn btn-ghost', onclick: stopScan }, 'Stop camera'));
      await video.play().catch(() => {});
      const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      scanning = true;
      app.say('Point the camera at the QR code on the lock’s screen.');
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
            app.say('QR code read. Name the lock and add it.');
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
  }, 'Scan with the camera') : null;

  const form = h('form', {
    class: 'stack', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const pairingCode = code.value.trim();
      if (!pairingCode) {
        app.fail('Paste the text of the lock’s pairing QR code (it starts with keyward://pair?).');
        code.focus();
        return;
      }
      submit.disabled = true;
      addRefusal.clear();
      waiting.hidden = false;
      app.say('Waiting for the lock…');
      try {
        const body = { pairingCode };
        if (name.value.trim()) {
          body.name = name.value.trim();
        }
        const result = await post('/api/locks', body);
        if (!view.alive) {
          return;
        }
        if (result.status === 201) {
          app.flash(`Lock added: ${result.data.name || result.data.serial}.`);
          app.go(`#/lock/${result.data.id}`);
        } else {
          app.say(`The lock has not answered yet; it appears in your list once it does${result.data && result.data.serial ? ` (${result.data.serial})` : ''}.`);
        }
      } catch (e) {
        if (view.alive) {
          // the cloud's one plain sentence, beside the form as well as in the message line
          const said = words.refusal(e.data && e.data.reason, e.reason || e.message);
          addRefusal.show(t('add.failed', { why: said }));
          app.fail(t('add.failed', { why: said }));
        }
      } finally {
        submit.disabled = false;
        waiting.hidden = true;
      }
    },
  },
  field('Pairing code', code, 'Hold SET on the lock’s rear panel until it shows a QR code, then scan it or paste its text here.'),
  field('Name (optional)', name),
  h('div', { class: 'row gap' }, submit, scanButton),
  addRefusal.element,
  waiting);

  main.append(
    h('div', { class: 'page-head' },
      h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/locks' }, 'My locks')),
      h('h1', {}, 'Add a lock')),
    h('section', { class: 'card narrow' }, form, scanArea));
}

// ---------------------------------------------------------------- the lock page

export function renderLock(main, [lockId], view) {
  const title = h('h1', { id: 'lock-title' }, 'Lock');
  const serial = h('span', { id: 'lock-serial', class: 'muted' });
  const role = h('span', { id: 'lock-role', class: 'badge' });
  const online = h('span', { id: 'lock-online', class: 'pill' }, '…');
  const tile = (id, label, extra) => {
    const value = h('span', { id, class: 'tile-value' }, '—');
    return { value, element: h('div', { class: 'tile' }, h('span', { class: 'tile-label' }, label), value, extra || null) };
  };
  const battery = tile('lock-battery', 'Battery');
  const batteryBar = h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { class: 'bar-fill' }));
  battery.element.append(batteryBar);
  const wifi = tile('lock-wifi', 'Wi-Fi');
  const bluetooth = tile('lock-bluetooth', 'Bluetooth');
  const door = tile('lock-door', 'Door');
  const bolt = tile('lock-bolt', 'Bolt');
  const lockout = tile('lock-lockout', 'Keypad');
  const accessories = tile('lock-accessories', 'Accessories');
  const pending = h('div', { id: 'lock-pending', class: 'pending', hidden: true, 'aria-live': 'polite' });
  // D7: the lock was reset at the door; it forgot this account until it is added again
  const resetNotice = h('div', { id: 'lock-reset', class: 'message error', role: 'status', hidden: true },
    h('span', { class: 'reset-text' }), ' ',
    h('a', { id: 'lock-reset-add', href: '#/add' }, 'Add it again'));

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
      await post(`${lockPath(lockId)}/unlock`);
      app.say(t('lock.unlocked'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // beside the button, in the table's words, with the fix one tap away where there is one
        const code = (e.data && e.data.reason) || (current && !current.online ? 'OFFLINE' : null);
        const said = words.refusal(code, e.reason);
        unlockRefusal.show(said, current ? settingFix(code, current, put) : null);
        app.fail(`${t('lock.notUnlocked')}: ${said}`);
      } else {
        app.fail(e, t('lock.notUnlocked'));
      }
    } finally {
      unlock.disabled = false;
      text(unlock.querySelector('.unlock-text'), t('lock.unlock'));
    }
  });

  const lift = h('button', { id: 'lift-lockout', type: 'button', class: 'btn btn-secondary', hidden: true }, 'Lift lockout');
  lift.addEventListener('click', async () => {
    lift.disabled = true;
    try {
      showAnswer(await lockAnswer(post(`${lockPath(lockId)}/lockout/lift`)), 'lift the lockout');
    } catch (e) {
      app.fail(e, 'Could not lift the lockout');
    } finally {
      lift.disabled = false;
    }
  });
  lockout.element.append(lift);

  const entry = (id, href, label, description, soon) => {
    const content = [h('span', { class: `entry-icon icon-${id}`, 'aria-hidden': 'true' }),
      h('span', { class: 'entry-text' }, h('span', { class: 'entry-label' }, label), h('span', { class: 'entry-desc' }, description)),
      soon ? h('span', { class: 'badge badge-soon' }, 'Coming soon') : null];
    if (soon) {
      return h('button', {
        id, type: 'button', class: 'entry soon', 'aria-disabled': 'true',
        onclick: () => app.say(`${label} is coming soon.`),
      }, content);
    }
    return h('a', { id, class: 'entry', href }, content);
  };
  const usersEntry = entry('open-users', `#/lock/${lockId}/users`, 'User Management', 'People, faces, fingerprints, passcodes');
  const settingsEntry = entry('open-settings', `#/lock/${lockId}/settings`, 'Settings', 'Relock, privacy, remote unlock…');
  const visitorEntry = entry('open-visitor', `#/lock/${lockId}/visitors`, 'Visitor Passcode', 'One-time and periodic passcodes');
  const syncEntry = entry('open-sync-link', `#/lock/${lockId}/sync`, 'Synchronized unlock', 'Open a linked lock together with this one');
  const sharingEntry = entry('open-sharing', `#/lock/${lockId}/sharing`, 'Sharing', 'Family accounts, remove the lock');
  const entries = h('div', { class: 'entries' },
    entry('open-live', `#/lock/${lockId}/live`, 'Live', 'The camera at the door'),
    usersEntry,
    visitorEntry,
    entry('open-bluetooth-key', `#/lock/${lockId}/bluetooth`, 'Bluetooth Key', 'Unlock nearby; keys for visitors’ phones'),
    entry('open-events', `#/lock/${lockId}/events`, 'All Events', 'Every unlock, alarm and change'),
    settingsEntry,
    syncEntry,
    sharingEntry);

  const leaveBox = h('div', { class: 'leave', hidden: true });
  const tiles = h('div', { class: 'tiles' }, battery.element, wifi.element, bluetooth.element, door.element, bolt.element,
    lockout.element, accessories.element);
  const connectingNote = h('p', { id: 'lock-connecting', class: 'hint', hidden: true, role: 'status' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' ', t('lock.connectingHint'));

  main.append(
    h('div', { class: 'page-head' },
      h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/locks' }, 'My locks')),
      h('div', { class: 'row wrap gap' }, title, online),
      h('p', { class: 'sub' }, serial, ' ', role)),
    resetNotice,
    h('section', { class: 'card' },
      h('h2', { class: 'sr-only' }, 'State'),
      connectingNote, tiles,
      pending),
    h('section', { class: 'card center-card' }, h('h2', { class: 'sr-only' }, t('lock.unlock')), unlock, unlockHint,
      unlockRefusal.element),
    h('section', { 'aria-label': 'Lock functions' }, entries),
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
    document.title = `${lock.name || lock.serial} · Keyward`;
    text(serial, lock.serial);
    text(role, words.accountRole(lock.role));
    onlinePill(online, lock.online, lock.reset, connecting);
    tiles.classList.toggle('connecting', connecting);
    connectingNote.hidden = !connecting;
    text(unlockHint, unlockHintText(lock, connecting));
    unlockHint.classList.toggle('warn', unlockHint.textContent !== t('lock.unlockHint'));
    resetNotice.hidden = !lock.reset;
    text(resetNotice.querySelector('.reset-text'), lock.reset ? `${lock.reset.message}.` : '');
    unlock.disabled = Boolean(lock.reset);
    text(battery.value, batteryText(lock.reported));
    const fill = batteryBar.firstChild;
    const percent = typeof r.battery === 'number' ? r.battery : 0;
    fill.style.width = `${percent}%`;
    fill.classList.toggle('low', Boolean(r.batteryLow) || percent < 20);
    const settings = r.settings || {};
    text(wifi.value, settings.WIFI === undefined ? '—' : settings.WIFI === 'true' ? 'On' : 'Off');
    text(door.value, r.door ? words.door(r.door) : '—');
    // the lock reports its radio when it has one (C5: unlock and manage nearby on the Bluetooth Key page)
    text(bluetooth.value, lock.reported ? (r.radio ? 'On' : 'Off') : '—');
    text(bolt.value, r.bolt ? `${words.bolt(r.bolt)}${r.lockedFromInside ? ' (from inside)' : ''}` : '—');
    text(lockout.value, r.lockout ? 'Locked out' : (lock.reported ? 'Normal' : '—'));
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
    h('p', {}, `Stop using “${lock.name || lock.serial}”? Its owner can share it with you again.`),
    h('div', { class: 'row gap' },
      h('button', {
        id: 'leave-lock-confirm', type: 'button', class: 'btn btn-danger',
        onclick: async (event) => {
          event.currentTarget.disabled = true;
          try {
            await del(`${lockPath(lock.id)}/shares/${seg(app.me.id)}`);
            app.flash(`You no longer use ${lock.name || lock.serial}.`);
            app.go('#/locks');
          } catch (e) {
            app.fail(e, 'Could not leave');
            if (!(e instanceof ApiError && e.status === 404)) {
              event.target.disabled = false;
            }
          }
        },
      }, 'Yes, leave'),
      h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => { confirm.hidden = true; } }, 'Cancel')));
  box.append(h('section', { class: 'card' },
    h('h2', {}, 'Shared with you'),
    h('p', { class: 'muted' }, `You use this lock as ${words.accountRole(lock.role).toLowerCase()}.`),
    h('button', { id: 'leave-lock', type: 'button', class: 'btn btn-ghost danger-text', onclick: () => { confirm.hidden = false; } }, 'Leave this lock'),
    confirm));
}
