// Home MQTT (issue 12; docs/home-assistant.md): the lock connects to the home's own MQTT broker and
// appears in Home Assistant by itself. Sent to the lock through its command queue (SET_HOME_MQTT); the
// lock reports what it has (reported.homeMqtt), never the password: only whether one is set.
import { put } from './api.js';
import { field, h, text } from './dom.js';
import { app } from './session.js';
import { lockPath, showAnswer } from './common.js';

const STATUS = {
  OFF: ['Off', 'pill-off'],
  CONNECTING: ['Connecting…', 'pill-off'],
  CONNECTED: ['Connected', 'pill-ok'],
  REFUSED: ['Refused: check the username and password', 'pill-reset'],
};

/** The Settings page's Home MQTT card; update(lock) on every poll. */
export function homeMqttCard(lockId) {
  const base = lockPath(lockId);
  const enabled = h('input', { id: 'home-mqtt-enabled', type: 'checkbox', role: 'switch', class: 'switch' });
  const host = h('input', { id: 'home-mqtt-host', type: 'text', maxlength: 253, autocomplete: 'off', placeholder: 'homeassistant.local' });
  const port = h('input', { id: 'home-mqtt-port', type: 'number', min: 1, max: 65535, step: 1, inputmode: 'numeric', class: 'num', placeholder: '1883' });
  const username = h('input', { id: 'home-mqtt-username', type: 'text', maxlength: 64, autocomplete: 'off' });
  const password = h('input', { id: 'home-mqtt-password', type: 'password', maxlength: 128, autocomplete: 'new-password' });
  const allowUnlock = h('input', { id: 'home-mqtt-allow-unlock', type: 'checkbox', role: 'switch', class: 'switch' });
  const status = h('span', { id: 'home-mqtt-status', class: 'pill pill-off', 'aria-live': 'polite' }, 'Off');
  const save = h('button', { id: 'home-mqtt-save', type: 'submit', class: 'btn btn-primary' }, 'Save');
  let touched = false; // the person is editing: polls do not overwrite the fields

  const form = h('form', {
    class: 'stack', novalidate: true,
    oninput: () => { touched = true; },
    onsubmit: async (event) => {
      event.preventDefault();
      const on = enabled.checked;
      const body = { enabled: on };
      if (on) {
        body.host = host.value.trim();
        if (!body.host) {
          app.fail('Enter the home broker’s address, for example homeassistant.local or 192.168.1.10.');
          host.focus();
          return;
        }
        if (port.value) {
          const n = Number(port.value);
          if (!Number.isInteger(n) || n < 1 || n > 65535) {
            app.fail('The port is a whole number from 1 to 65535 (MQTT’s usual one is 1883).');
            port.focus();
            return;
          }
          body.port = n;
        }
        body.username = username.value;
        if (password.value) {
          body.password = password.value; // none typed: the lock keeps the one it has
        }
        body.allowUnlock = allowUnlock.checked;
      }
      save.disabled = true;
      try {
        showAnswer(await put(`${base}/home-mqtt`, body), on ? 'connect to the home broker' : 'turn Home MQTT off');
        password.value = '';
        touched = false;
      } catch (e) {
        app.fail(e, 'Could not save Home MQTT');
      } finally {
        save.disabled = false;
      }
    },
  },
  h('div', { class: 'setting-row' },
    h('div', { class: 'setting-text' }, h('label', { for: enabled.id }, 'Home MQTT'),
      h('span', { class: 'hint' }, 'Connect to your home’s MQTT broker: the lock appears in Home Assistant by itself and keeps reporting when the internet is down')),
    h('div', { class: 'setting-control' }, status, enabled)),
  h('div', { class: 'grid-2 tight' },
    field('Broker address', host), field('Port', port, 'Empty: 1883'),
    field('Username', username), field('Password', password, 'Empty: keep the password the lock has')),
  h('div', { class: 'setting-row' },
    h('div', { class: 'setting-text' }, h('label', { for: allowUnlock.id }, 'Allow unlock from the home broker'),
      h('span', { class: 'hint' }, 'Home Assistant may open this door. Never in privacy mode or during a lockout. Off by default')),
    h('div', { class: 'setting-control' }, allowUnlock)),
  save);

  const element = h('section', { class: 'card', id: 'home-mqtt' }, h('h2', {}, 'Home MQTT'), form);

  return {
    element,
    update(lock) {
      const home = (lock.reported && lock.reported.homeMqtt) || { enabled: false, status: 'OFF' };
      const [words, style] = STATUS[home.status] || [home.status, 'pill-off'];
      text(status, words);
      status.className = `pill ${style}`;
      if (touched || form.contains(document.activeElement)) {
        return;
      }
      enabled.checked = !!home.enabled;
      host.value = home.host || '';
      port.value = home.enabled && home.port ? String(home.port) : '';
      username.value = home.username || '';
      password.placeholder = home.passwordSet ? 'A password is set' : '';
      allowUnlock.checked = !!home.allowUnlock;
    },
  };
}
