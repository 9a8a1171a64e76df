// "Manage nearby (Bluetooth)" on the Bluetooth Key page (SPEC B2 over Bluetooth, docs/bluetooth.md): with
// an owner's or manager's key, the app reads the lock's state (STATE) and changes its settings (COMMAND)
// over the lock's radio, never through the cloud, so it works while the lock is offline or the cloud is
// down. The lock admits only OWNER and MANAGER keys for these (NOT_ALLOWED otherwise); the page shows the
// card only for those keys. The lock judges every value (e.g. a relock time out of 5..120 is BAD_VALUE),
// and its answer is shown as it came.
import { h, replace, text } from './dom.js';
import { app } from './session.js';
import * as bt from './bluetooth.js';
import * as words from './words.js';

/** Whether a key may manage the lock over Bluetooth (the lock's rule, docs/bluetooth.md). */
export const mayManage = (key) => Boolean(key) && (key.role === 'OWNER' || key.role === 'MANAGER');

const userRole = (role) => ({ ADMINISTRATOR: 'Administrator', USER: 'User' }[role] || role);

const changeSetting = (setting, value) => ({ type: 'CHANGE_SETTING', setting, value });

/** A refusal in the table's words by its code, else the lock's own words; never the code itself. */
function why(answer) {
  const source = answer.reply || answer;
  return words.refusal(source.reason, source.message);
}

/** The card; currentKey() answers the page's key at the time of each action. */
export function manageCard(currentKey) {
  const tile = (id, label) => {
    const value = h('span', { id, class: 'tile-value' }, '—');
    return { value, element: h('div', { class: 'tile' }, h('span', { class: 'tile-label' }, label), value) };
  };
  const battery = tile('bt-state-battery', 'Battery');
  const bolt = tile('bt-state-bolt', 'Bolt');
  const door = tile('bt-state-door', 'Door');
  const privacyTile = tile('bt-state-privacy', 'Privacy mode');
  const relockTile = tile('bt-state-relock', 'Relock time');
  const users = h('ul', { id: 'bt-state-users', class: 'bt-users' });
  const readAt = h('p', { id: 'bt-state-read-at', class: 'muted' });
  const stateBox = h('div', { id: 'bt-manage-state', class: 'bt-state', hidden: true },
    h('div', { class: 'tiles' }, battery.element, bolt.element, door.element, privacyTile.element, relockTile.element),
    h('h3', {}, 'Lock users'), users, readAt);

  const result = h('p', { id: 'bt-manage-result', class: 'bt-result', role: 'status', hidden: true });
  const readFirst = h('p', { class: 'hint' }, 'Read the lock first: its settings show here, and you change them on the lock itself.');
  const read = h('button', { id: 'bt-manage-read', type: 'button', class: 'btn btn-secondary' }, 'Read the lock');
  const privacy = h('input', {
    id: 'bt-manage-privacy', type: 'checkbox', role: 'switch', class: 'switch', disabled: true,
    onchange: () => run(changeSetting('PRIVACY_MODE', String(privacy.checked)), `privacy mode ${privacy.checked ? 'on' : 'off'}`),
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
  }, 'Set');
  let known = false; // whether a state has been read: the controls show the lock's values only then
  let privacyOn = false; // as the lock last said
  const controls = [read, privacy, relock, relockSave];

  function setRelock() {
    const n = Number(relock.value);
    if (relock.value.trim() === '' || !Number.isInteger(n)) {
      app.fail('The relock time is a whole number of seconds.');
      relock.focus();
      return;
    }
    run(changeSetting('RELOCK_SECONDS', String(n)), `relock time ${n} s`);
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
    text(battery.value, `${s.battery} %${s.batteryLow ? ' · low' : ''}`);
    text(bolt.value, words.bolt(s.bolt));
    text(door.value, words.door(s.door));
    privacyOn = settings.PRIVACY_MODE === 'true';
    text(privacyTile.value, privacyOn ? 'On' : 'Off');
    text(relockTile.value, settings.RELOCK_SECONDS ? `${settings.RELOCK_SECONDS} s` : '—');
    replace(users, (s.users || []).length === 0 ? h('li', { class: 'muted' }, 'No lock users.') : s.users.map((u) =>
      h('li', { 'data-user': u.id }, h('span', { class: 'user-name' }, u.name || `User ${u.id}`), ' ',
        h('span', { class: `badge${u.role === 'ADMINISTRATOR' ? ' badge-admin' : ''}` }, userRole(u.role)))));
    text(readAt, `Read over Bluetooth at ${new Date().toLocaleTimeString()}.`);
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
    app.say('Connecting to the lock over Bluetooth…');
    try {
      const answers = await bt.manageNearby(key, command);
      if (answers.state && answers.state.ok && answers.state.state) {
        show(answers.state.state);
      }
      if (command) {
        const accepted = answers.command.reply && answers.command.reply.accepted;
        report(accepted, accepted ? `The lock accepted: ${what}.` : `The lock refused ${what}: ${why(answers.command)}`);
      } else if (answers.state && answers.state.ok) {
        report(true, 'Read the lock over Bluetooth.');
      } else {
        report(false, `The lock refused: ${why(answers.state || {})}`);
      }
    } catch (e) {
      report(false, `Not done over Bluetooth: ${e.reason ? words.refusal(e.reason, e.message) : e.message}`);
    } finally {
      read.disabled = false;
      [privacy, relock, relockSave].forEach((c) => { c.disabled = !known; });
      privacy.checked = privacyOn; // what the lock said, not what was clicked
    }
  }
  read.addEventListener('click', () => run(null, 'read'));

  return h('section', { id: 'bt-manage', class: 'card' },
    h('h2', {}, 'Manage nearby (Bluetooth)'),
    h('p', { class: 'muted' }, 'Stand by the lock: your phone talks to it directly, without the cloud, so this works while the lock is offline.'),
    h('div', { class: 'row gap wrap' }, read),
    result,
    stateBox,
    h('div', { class: 'bt-manage-settings' }, readFirst,
      h('div', { class: 'setting-row' },
        h('div', { class: 'setting-text' }, h('label', { for: 'bt-manage-privacy' }, 'Privacy mode'),
          h('span', { class: 'hint' }, 'Only administrators can unlock; prompts are muted')),
        h('div', { class: 'setting-control' }, privacy)),
      h('div', { class: 'setting-row' },
        h('div', { class: 'setting-text' }, h('label', { for: 'bt-manage-relock' }, 'Automatic relock time'),
          h('span', { class: 'hint', id: 'bt-manage-relock-hint' }, '5–120 seconds; the lock checks the value')),
        h('div', { class: 'setting-control' }, relock, relockSave))));
}
