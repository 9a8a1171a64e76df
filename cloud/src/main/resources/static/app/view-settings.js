// Settings (SPEC H6) and Sharing (H3).
import { ApiError, del, get, post, put, seg } from './api.js';
import { field, h, replace, select, text } from './dom.js';
import { explain } from './errors.js';
import { dateTime, t } from './i18n.js';
import { app } from './session.js';
import * as words from './words.js';
import { loadLock, lockPath, pageHead, renderPending, lockAnswer, showAnswer } from './common.js';
import { changeSetting, liftLockout } from './lock-commands.js';
import { signedFor } from './signing.js';
import { accessoriesCard } from './view-accessories.js';
import { homeMqttCard } from './view-home-mqtt.js';
import { invitationsCard, roleWord } from './view-invitations.js';

// ---------------------------------------------------------------- settings

export function renderSettings(main, [lockId], view) {
  const head = pageHead(lockId, t('lock.entry.settings'));
  const base = lockPath(lockId);
  const pending = h('div', { id: 'pending-list', class: 'pending', hidden: true, 'aria-live': 'polite' });
  const lift = h('button', { id: 'lift-lockout', type: 'button', class: 'btn btn-primary' }, t('lock.liftLockout'));
  const lockoutCard = h('section', { class: 'card card-warn', hidden: true },
    h('h2', {}, t('settings.lockedOutTitle')),
    h('p', {}, t('settings.lockedOutText')),
    lift);
  lift.addEventListener('click', async () => {
    lift.disabled = true;
    try {
      showAnswer(await lockAnswer(post(`${base}/lockout/lift`, undefined, await signedFor(lockId, liftLockout()))), t('command.LIFT_LOCKOUT'));
    } catch (e) {
      app.fail(e, t('lock.couldNotLift'));
    } finally {
      lift.disabled = false;
    }
  });

  const rows = new Map(); // key -> {input, status, busy, dirty}
  const list = h('div', { class: 'settings', 'aria-busy': 'true' });
  const offlineNote = h('p', { class: 'muted', hidden: true }, t('settings.offline'));

  async function save(setting, value) {
    const row = rows.get(setting.key);
    row.busy = true;
    text(row.status, t('settings.saving'));
    row.status.className = 'inline-status wait';
    const what = t('settings.what', { setting: setting.label.toLowerCase(), value: words.settingValue(setting.key, value) });
    try {
      // the settings of design §3 are signed by this device in trust mode (signing.js says when)
      const signed = await signedFor(lockId, changeSetting(setting.key, value));
      const result = await lockAnswer(put(`${base}/settings/${seg(setting.key)}`, { value }, signed));
      showAnswer(result, what, row.status);
      row.dirty = false;
    } catch (e) {
      app.fail(e, t('settings.couldNot', { what }));
      text(row.status, t('settings.notSaved'));
      row.status.className = 'inline-status bad';
      row.dirty = false;
    } finally {
      row.busy = false;
    }
  }

  for (const setting of words.SETTINGS) {
    const id = `setting-${setting.key}`;
    const status = h('span', { id: `setting-status-${setting.key}`, class: 'inline-status', 'aria-live': 'polite' });
    let input;
    let control;
    const row = { input: null, status, busy: false, dirty: false, setting };
    if (setting.type === 'bool') {
      input = h('input', {
        id, type: 'checkbox', role: 'switch', class: 'switch',
        onchange: () => save(setting, input.checked ? 'true' : 'false'),
      });
      control = h('div', { class: 'setting-row' },
        h('div', { class: 'setting-text' }, h('label', { for: id }, setting.label), setting.hint ? h('span', { class: 'hint' }, setting.hint) : null),
        h('div', { class: 'setting-control' }, status, input));
    } else if (setting.type === 'select') {
      input = select(id, setting.options, null, { onchange: () => save(setting, input.value) });
      control = h('div', { class: 'setting-row' },
        h('div', { class: 'setting-text' }, h('label', { for: id }, setting.label)),
        h('div', { class: 'setting-control' }, status, input));
    } else {
      input = h('input', {
        id, type: 'number', min: setting.min, max: setting.max, step: 1, inputmode: 'numeric', class: 'num',
        oninput: () => { row.dirty = true; },
        onkeydown: (event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            submitNumber();
          }
        },
      });
      const saveButton = h('button', { id: `setting-save-${setting.key}`, type: 'button', class: 'btn btn-small btn-secondary', onclick: () => submitNumber() }, t('common.save'));
      const submitNumber = () => {
        const n = Number(input.value);
        if (!Number.isInteger(n) || n < setting.min || n > setting.max) {
          app.fail(t('settings.numberRange', { setting: setting.label, min: setting.min, max: setting.max }));
          input.focus();
          return;
        }
        save(setting, String(n));
      };
      control = h('div', { class: 'setting-row' },
        h('div', { class: 'setting-text' }, h('label', { for: id }, setting.label),
          h('span', { class: 'hint', id: `${id}-hint` }, t('settings.range', { min: setting.min, max: setting.max, unit: setting.unit }))),
        h('div', { class: 'setting-control' }, status, input, saveButton));
      input.setAttribute('aria-describedby', `${id}-hint`);
    }
    row.input = input;
    rows.set(setting.key, row);
    list.append(control);
  }

  const accessories = accessoriesCard(lockId);
  const homeMqtt = homeMqttCard(lockId);
  const syncCard = h('section', { class: 'card' }, h('h2', {}, t('lock.entry.sync')),
    h('p', { class: 'muted' }, t('settings.syncIntro')),
    h('a', { id: 'open-sync', class: 'btn btn-secondary', href: `#/lock/${lockId}/sync` }, t('settings.linkLock')));
  main.append(head.element, lockoutCard, pending,
    h('section', { class: 'card' }, h('h2', { class: 'sr-only' }, t('settings.lockSettings')), offlineNote, list),
    accessories.element, homeMqtt.element, syncCard);

  view.every(1000, async () => {
    const lock = await loadLock(lockId);
    if (!view.alive) {
      return;
    }
    head.setLock(lock);
    if (lock.role === 'MEMBER') {
      replace(main, head.element, h('section', { class: 'card' }, h('p', {}, t('settings.managersOnly'))));
      return;
    }
    list.removeAttribute('aria-busy');
    const reported = (lock.reported && lock.reported.settings) || {};
    // the desired state: what the lock reported, then the pending changes in order
    const desired = { ...reported };
    const waiting = new Set();
    for (const p of lock.pending || []) {
      if (p.command && p.command.type === 'CHANGE_SETTING') {
        desired[p.command.setting] = p.command.value;
        waiting.add(p.command.setting);
      }
    }
    offlineNote.hidden = lock.online;
    lockoutCard.hidden = !(lock.reported && lock.reported.lockout);
    renderPending(pending, lock);
    accessories.update(lock);
    homeMqtt.update(lock);
    for (const [key, row] of rows) {
      const value = desired[key];
      row.input.disabled = value === undefined;
      if (row.busy || row.dirty || document.activeElement === row.input && row.setting.type === 'number') {
        continue;
      }
      if (value === undefined) {
        continue;
      }
      if (row.setting.type === 'bool') {
        row.input.checked = value === 'true';
      } else if (row.input.value !== value) {
        row.input.value = value;
      }
      if (waiting.has(key) && !row.status.classList.contains('bad')) {
        text(row.status, t('answer.inlineWaiting'));
        row.status.className = 'inline-status wait';
      } else if (!waiting.has(key) && row.status.textContent === t('answer.inlineWaiting')) {
        text(row.status, t('answer.inlineSaved'));
        row.status.className = 'inline-status ok';
      }
    }
  });
}

// ---------------------------------------------------------------- sharing

export function renderSharing(main, [lockId], view) {
  const head = pageHead(lockId, t('lock.entry.sharing'));
  const base = lockPath(lockId);
  const email = h('input', { id: 'share-email', type: 'email', autocomplete: 'off', maxlength: 254, required: true });
  const role = select('share-role', [['MEMBER', t('sharing.roleMember')], ['MANAGER', t('sharing.roleManager')]], 'MEMBER');
  const submit = h('button', { id: 'share-submit', type: 'submit', class: 'btn btn-primary' }, t('sharing.share'));
  const list = h('ul', { id: 'share-list', class: 'share-list', 'aria-busy': 'true' });
  const invitations = invitationsCard(base, view);
  let lock = null;

  const form = h('form', {
    class: 'stack', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const address = email.value.trim();
      if (!address || !address.includes('@')) {
        app.fail(t('sharing.enterEmail'));
        email.focus();
        return;
      }
      submit.disabled = true;
      try {
        const { data } = await post(`${base}/shares`, { email: address, role: role.value });
        // the cloud does not say whether the email has an account (no enumeration): the lists below do
        app.say(t('invite.shared', { email: data.email, role: roleWord(data.role) }));
        email.value = '';
        await Promise.all([refresh(), invitations.made(data)]);
      } catch (e) {
        app.fail(e, t('invite.couldNotShare'));
      } finally {
        submit.disabled = false;
      }
    },
  }, h('div', { class: 'grid-2 tight' }, field(t('sharing.email'), email), field(t('sharing.role'), role)), submit);

  async function refresh() {
    const { data } = await get(`${base}/shares`);
    if (!view.alive) {
      return;
    }
    list.removeAttribute('aria-busy');
    const focused = document.activeElement && document.activeElement.id;
    replace(list, data.length === 0 ? h('li', { class: 'muted' }, t('sharing.none')) : data.map(shareItem));
    if (focused && list.querySelector(`#${CSS.escape(focused)}`)) {
      list.querySelector(`#${CSS.escape(focused)}`).focus();
    }
  }

  function shareItem(share) {
    const roleSelect = select(`share-role-${share.accountId}`, [['MEMBER', words.accountRole('MEMBER')], ['MANAGER', words.accountRole('MANAGER')]], share.role, {
      'aria-label': t('sharing.roleOf', { email: share.email }),
      onchange: async () => {
        try {
          const { data } = await put(`${base}/shares/${seg(share.accountId)}`, { role: roleSelect.value });
          app.say(t('sharing.roleChanged', { name: data.displayName || data.email, role: words.accountRole(data.role).toLowerCase() }));
        } catch (e) {
          app.fail(e, t('sharing.couldNotChangeRole'));
          roleSelect.value = share.role;
        }
      },
    });
    return h('li', { 'data-account': share.accountId, class: 'share' },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, (share.displayName || share.email || '?').slice(0, 1).toUpperCase()),
      h('span', { class: 'share-main' },
        h('span', { class: 'user-name' }, share.displayName || share.email),
        h('span', { class: 'muted' }, t('sharing.since', { email: share.email, since: dateTime(share.createdAt) }))),
      h('span', { class: 'share-actions' },
        roleSelect,
        h('button', {
          id: `share-remove-${share.accountId}`, type: 'button', class: 'btn btn-small btn-ghost danger-text',
          onclick: async (event) => {
            event.currentTarget.disabled = true;
            try {
              await del(`${base}/shares/${seg(share.accountId)}`);
              app.say(t('sharing.stopped', { name: share.displayName || share.email }));
              await refresh();
            } catch (e) {
              app.fail(e, t('sharing.couldNotStop'));
              event.target.disabled = false;
            }
          },
        }, t('sharing.stop'))));
  }

  const removeConfirm = h('div', { class: 'confirm', hidden: true },
    h('p', {}, t('sharing.removeConfirm')),
    h('div', { class: 'row gap' },
      h('button', {
        id: 'remove-lock-confirm', type: 'button', class: 'btn btn-danger',
        onclick: async (event) => {
          event.currentTarget.disabled = true;
          try {
            await del(base);
            app.flash(lock ? t('sharing.removed', { name: lock.name || lock.serial }) : t('sharing.removedTheLock'));
            app.go('#/locks');
          } catch (e) {
            app.fail(e, t('sharing.couldNotRemove'));
            event.target.disabled = false;
          }
        },
      }, t('sharing.yesRemove')),
      h('button', { id: 'remove-lock-cancel', type: 'button', class: 'btn btn-ghost', onclick: () => { removeConfirm.hidden = true; } }, t('common.cancel'))));

  main.append(head.element,
    h('section', { class: 'card' }, h('h2', {}, t('sharing.shareWithFamily')), form),
    h('section', { class: 'card' }, h('h2', {}, t('sharing.sharedWith')), list),
    invitations.element,
    h('section', { class: 'card card-danger' },
      h('h2', {}, t('sharing.removeTitle')),
      h('p', { class: 'muted' }, t('sharing.ownerRemoves')),
      h('button', {
        id: 'remove-lock', type: 'button', class: 'btn btn-ghost danger-text',
        onclick: () => { removeConfirm.hidden = false; removeConfirm.querySelector('button').focus(); },
      }, t('sharing.removeLock')),
      removeConfirm));

  (async () => {
    try {
      lock = await loadLock(lockId);
      if (!view.alive) {
        return;
      }
      head.setLock(lock);
      if (lock.role !== 'OWNER') {
        replace(main, head.element, h('section', { class: 'card' },
          h('p', {}, t('sharing.ownerOnly'))));
        return;
      }
      await Promise.all([refresh(), invitations.refresh()]);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        app.flash(t('lock.gone', { why: explain(e) }));
        app.go('#/locks');
      } else if (!(e instanceof ApiError && e.status === 401)) {
        app.fail(e);
      }
    }
  })();
}
