// Home MQTT (issue 12; docs/home-assistant.md): the lock connects to the home's own MQTT broker and
// appears in Home Assistant by itself. Sent to the lock through its command queue (SET_HOME_MQTT); the
// lock reports what it has (reported.homeMqtt), never the password: only whether one is set.
import { put } from './api.js';
import { field, h, text } from './dom.js';
import { t } from './i18n.js';
import { app } from './session.js';
import { lockPath, showAnswer } from './common.js';
import { setHomeMqtt } from './lock-commands.js';
import { signedFor } from './signing.js';

// keys: homeMqtt.status.*
const STATUS = {
  OFF: ['homeMqtt.status.OFF', 'pill-off'],
  CONNECTING: ['homeMqtt.status.CONNECTING', 'pill-off'],
  CONNECTED: ['homeMqtt.status.CONNECTED', 'pill-ok'],
  REFUSED: ['homeMqtt.status.REFUSED', 'pill-reset'],
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
  const status = h('span', { id: 'home-mqtt-status', class: 'pill pill-off', 'aria-live': 'polite' }, t('homeMqtt.status.OFF'));
  const save = h('button', { id: 'home-mqtt-save', type: 'submit', class: 'btn btn-primary' }, t('users.save'));
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
          app.fail(t('homeMqtt.enterHost'));
          host.focus();
          return;
        }
        if (port.value) {
          const n = Number(port.value);
          if (!Number.isInteger(n) || n < 1 || n > 65535) {
            app.fail(t('homeMqtt.badPort'));
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
        const signed = await signedFor(lockId, setHomeMqtt(body));
        showAnswer(await put(`${base}/home-mqtt`, body, signed), on ? t('homeMqtt.what.connect') : t('homeMqtt.what.off'));
        password.value = '';
        touched = false;
      } catch (e) {
        app.fail(e, t('homeMqtt.couldNotSave'));
      } finally {
        save.disabled = false;
      }
    },
  },
  h('div', { class: 'setting-row' },
    h('div', { class: 'setting-text' }, h('label', { for: enabled.id }, t('homeMqtt.title')),
      h('span', { class: 'hint' }, t('homeMqtt.hint'))),
    h('div', { class: 'setting-control' }, status, enabled)),
  h('div', { class: 'grid-2 tight' },
    field(t('homeMqtt.host'), host), field(t('homeMqtt.port'), port, t('homeMqtt.portHint')),
    field(t('homeMqtt.username'), username), field(t('homeMqtt.password'), password, t('homeMqtt.passwordHint'))),
  h('div', { class: 'setting-row' },
    h('div', { class: 'setting-text' }, h('label', { for: allowUnlock.id }, t('homeMqtt.allowUnlock')),
      h('span', { class: 'hint' }, t('homeMqtt.allowUnlockHint'))),
    h('div', { class: 'setting-control' }, allowUnlock)),
  save);

  const element = h('section', { class: 'card', id: 'home-mqtt' }, h('h2', {}, t('homeMqtt.title')), form);

  return {
    element,
    update(lock) {
      const home = (lock.reported && lock.reported.homeMqtt) || { enabled: false, status: 'OFF' };
      const [key, style] = STATUS[home.status] || [null, 'pill-off'];
      text(status, key ? t(key) : home.status);
      status.className = `pill ${style}`;
      if (touched || form.contains(document.activeElement)) {
        return;
      }
      enabled.checked = !!home.enabled;
      host.value = home.host || '';
      port.value = home.enabled && home.port ? String(home.port) : '';
      username.value = home.username || '';
      password.placeholder = home.passwordSet ? t('homeMqtt.passwordSet') : '';
      allowUnlock.checked = !!home.allowUnlock;
    },
  };
}
