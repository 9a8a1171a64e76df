// "Manage nearby (Bluetooth)" on the Bluetooth Key page (SPEC B2 over Bluetooth, docs/bluetooth.md): with
// an owner's or manager's key, the app reads the lock's state (STATE) and changes its settings (COMMAND)
// over the lock's radio, never through the cloud, so it works while the lock is offline or the cloud is
// down. The lock admits only OWNER and MANAGER keys for these (NOT_ALLOWED otherwise); the page shows the
// card only for those keys. The lock judges every value (e.g. a relock time out of 5..120 is BAD_VALUE),
// and its answer is shown as it came.
import { h, replace, text } from './dom.js';
import { has, t, time } from './i18n.js';
import { app } from './session.js';
import * as bt from './bluetooth.js';
import * as words from './words.js';

/** Whether a key may manage the lock over Bluetooth (the lock's rule, docs/bluetooth.md). */
export const mayManage = (key) => Boolean(key) && (key.role === 'OWNER' || key.role === 'MANAGER');

const changeSetting = (setting, value) => ({ type: 'CHANGE_SETTING', setting, value });

/**
 * Why Bluetooth did not do it, in the reader's language: the app's words for a failure it found itself
 * (BluetoothError.said), else a Bluetooth refusal by its code (the lock's own words for those are
 * technical, "key k-1 is revoked"), else the refusal table's words for the lock's code (words.refusal).
 */
// keys: bluetooth.error.*
// keys: bluetooth.refusal.*
export function bluetoothWhy(reason, message, said, params) {
  if (said && has(`bluetooth.error.${said}`)) {
    return t(`bluetooth.error.${said}`, params);
  }
  if (reason && has(`bluetooth.refusal.${reason}`)) {
    return t(`bluetooth.refusal.${reason}`);
  }
  return words.refusal(reason, message);
}

/** A refusal in the table's words by its code, else the lock's own words; never the code itself. */
function why(answer) {
  const source = answer.reply || answer;
  return bluetoothWhy(source.reason, source.message);
}

/** The card; currentKey() answers the page's key at the time of each action. */
export function manageCard(currentKey) {
  const tile = (id, label) => {
    const value = h('span', { id, class: 'tile-value' }, '—');
    return { value, element: h('div', { class: 'tile' }, h('span', { class: 'tile-label' }, label), value) };
  };
  const battery = tile('bt-state-battery', t('bluetooth.manage.battery'));
  const bolt = tile('bt-state-bolt', t('bluetooth.manage.bolt'));
  const door = tile('bt-state-door', t('bluetooth.manage.door'));
  const privacyTile = tile('bt-state-privacy', t('bluetooth.manage.privacy'));
  const relockTile = tile('bt-state-relock', t('bluetooth.manage.relock'));
  const users = h('ul', { id: 'bt-state-users', class: 'bt-users' });
  const readAt = h('p', { id: 'bt-state-read-at', class: 'muted' });
  const stateBox = h('div', { id: 'bt-manage-state', class: 'bt-state', hidden: true },
    h('div', { class: 'tiles' }, battery.element, bolt.element, door.element, privacyTile.element, relockTile.element),
    h('h3', {}, t('bluetooth.manage.users')), users, readAt);

  const result = h('p', { id: 'bt-manage-result', class: 'bt-result', role: 'status', hidden: true });
  const readFirst = h('p', { class: 'hint' }, t('bluetooth.manage.readFirst'));
  const read = h('button', { id: 'bt-manage-read', type: 'button', class: 'btn btn-secondary' }, t('bluetooth.manage.read'));
  const privacy = h('input', {
    id: 'bt-manage-privacy', type: 'checkbox', role: 'switch', class: 'switch', disabled: true,
    onchange: () => run(changeSetting('PRIVACY_MODE', String(privacy.checked)), privacy.checked ? t('bluetooth.manage.privacyOn') : t('bluetooth.manage.privacyOff')),
  });
  const relock = h('input', {
    id: 'bt-manage-relock', type: 'number', min: 5, max: 120, step: 1, inputmode: 'numeric', class: 'num', disabled: true,
    'aria-describedby': 'bt-manage-relock-hint',
    onkeydown: (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        setRelock();
      }
    },
  });
  const relockSave = h('button', {
    id: 'bt-manage-relock-save', type: 'button', class: 'btn btn-small btn-secondary', disabled: true, onclick: () => setRelock(),
  }, t('bluetooth.manage.set'));
  let known = false; // whether a state has been read: the controls show the lock's values only then
  let privacyOn = false; // as the lock last said
  const controls = [read, privacy, relock, relockSave];

  function setRelock() {
    const n = Number(relock.value);
    if (relock.value.trim() === '' || !Number.isInteger(n)) {
      app.fail(t('bluetooth.manage.relockWhole'));
      relock.focus();
      return;
    }
    run(changeSetting('RELOCK_SECONDS', String(n)), t('bluetooth.manage.relockTo', { seconds: n }));
  }

  function report(ok, line) {
    text(result, line);
    result.className = `bt-result ${ok ? 'ok' : 'bad'}`;
    result.hidden = false;
    if (ok) {
      app.say(line);
    } else {
      app.fail(line);
    }
  }

  function show(s) {
    const settings = s.settings || {};
    text(battery.value, s.batteryLow ? t('bluetooth.manage.batteryLow', { percent: s.battery }) : t('bluetooth.manage.batteryLevel', { percent: s.battery }));
    text(bolt.value, words.bolt(s.bolt));
    text(door.value, words.door(s.door));
    privacyOn = settings.PRIVACY_MODE === 'true';
    text(privacyTile.value, privacyOn ? t('bluetooth.manage.on') : t('bluetooth.manage.off'));
    text(relockTile.value, settings.RELOCK_SECONDS ? t('bluetooth.manage.seconds', { seconds: settings.RELOCK_SECONDS }) : '—');
    replace(users, (s.users || []).length === 0 ? h('li', { class: 'muted' }, t('bluetooth.manage.noUsers')) : s.users.map((u) =>
      h('li', { 'data-user': u.id }, h('span', { class: 'user-name' }, u.name || t('bluetooth.manage.user', { id: u.id })), ' ',
        h('span', { class: `badge${u.role === 'ADMINISTRATOR' ? ' badge-admin' : ''}` }, words.lockRole(u.role)))));
    text(readAt, t('bluetooth.manage.readAt', { time: time(new Date()) }));
    privacy.checked = privacyOn;
    relock.value = settings.RELOCK_SECONDS || '';
    stateBox.hidden = false;
    readFirst.hidden = true;
    known = true;
  }

  /** One Bluetooth session: the command (if any), then STATE; shows both answers. */
  async function run(command, what) {
    const key = currentKey();
    if (!mayManage(key)) {
      return;
    }
    controls.forEach((c) => { c.disabled = true; });
    app.say(t('bluetooth.connecting'));
    try {
      const answers = await bt.manageNearby(key, command);
      if (answers.state && answers.state.ok && answers.state.state) {
        show(answers.state.state);
      }
      if (command) {
        const accepted = answers.command.reply && answers.command.reply.accepted;
        report(accepted, accepted ? t('bluetooth.manage.accepted', { what }) : t('bluetooth.manage.refused', { what, why: why(answers.command) }));
      } else if (answers.state && answers.state.ok) {
        report(true, t('bluetooth.manage.readDone'));
      } else {
        report(false, t('bluetooth.lockRefused', { why: why(answers.state || {}) }));
      }
    } catch (e) {
      report(false, t('bluetooth.manage.notDone', { why: e.reason ? bluetoothWhy(e.reason, e.message, e.said, e.params) : e.message }));
    } finally {
      read.disabled = false;
      [privacy, relock, relockSave].forEach((c) => { c.disabled = !known; });
      privacy.checked = privacyOn; // what the lock said, not what was clicked
    }
  }
  read.addEventListener('click', () => run(null, null));

  return h('section', { id: 'bt-manage', class: 'card' },
    h('h2', {}, t('bluetooth.manage.title')),
    h('p', { class: 'muted' }, t('bluetooth.manage.intro')),
    h('div', { class: 'row gap wrap' }, read),
    result,
    stateBox,
    h('div', { class: 'bt-manage-settings' }, readFirst,
      h('div', { class: 'setting-row' },
        h('div', { class: 'setting-text' }, h('label', { for: 'bt-manage-privacy' }, t('bluetooth.manage.privacy')),
          h('span', { class: 'hint' }, t('bluetooth.manage.privacyHint'))),
        h('div', { class: 'setting-control' }, privacy)),
      h('div', { class: 'setting-row' },
        h('div', { class: 'setting-text' }, h('label', { for: 'bt-manage-relock' }, t('bluetooth.manage.relockLabel')),
          h('span', { class: 'hint', id: 'bt-manage-relock-hint' }, t('bluetooth.manage.relockHint'))),
        h('div', { class: 'setting-control' }, relock, relockSave))));
}
