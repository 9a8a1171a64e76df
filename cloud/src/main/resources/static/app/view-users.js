// User Management (SPEC B1-B9 from the app): lock users, their credentials, guided enrolment live.
import { del, get, post, put, seg } from './api.js';
import { checkbox, field, h, instantToLocal, localToInstant, replace, select, text } from './dom.js';
import { dateTime, has, t } from './i18n.js';
import { app } from './session.js';
import * as words from './words.js';
import { loadLock, lockPath, pageHead, renderPending, lockAnswer, showAnswer, userNamer } from './common.js';
import { addUser, setValidity, startEnrolment } from './lock-commands.js';
import { signedFor } from './signing.js';

/** How many of each kind one lock user may hold (SPEC B3-B5; the lock refuses more as USER_FULL). */
// keys: users.full.*
const PER_USER = { PASSCODE: 2, FINGERPRINT: 6, FACE: 3 };

/** A credential kind inside a sentence ("add a fingerprint for …"), lower case in English. */
// keys: users.kind.*
const kindWord = (kind) => (has(`users.kind.${kind}`) ? t(`users.kind.${kind}`) : words.credentialKind(kind).toLowerCase());

export function renderUsers(main, [lockId], view) {
  const head = pageHead(lockId, t('users.title'));
  const base = lockPath(lockId);
  let lock = null;
  // one time zone per page, the home's (issue 14): validity is read and written on its clock
  const zone = () => (lock && lock.timeZone) || undefined;
  let credentialNames = {}; // "user/credential" -> the name people gave it (issue 14)
  let naming = null; // "user/credential" whose name is being edited

  // ---- add a user
  const name = h('input', { id: 'user-name', type: 'text', maxlength: 32, required: true, autocomplete: 'off' });
  const role = select('user-role', [['USER', t('role.lock.USER')], ['ADMINISTRATOR', t('role.lock.ADMINISTRATOR')]], 'USER');
  const from = h('input', { id: 'user-valid-from', type: 'datetime-local' });
  const until = h('input', { id: 'user-valid-until', type: 'datetime-local' });
  const add = h('button', { id: 'user-add', type: 'submit', class: 'btn btn-primary' }, t('users.add'));
  const addForm = h('form', {
    class: 'stack', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const userName = name.value.trim();
      if (!userName) {
        app.fail(t('users.enterName'));
        name.focus();
        return;
      }
      const body = { name: userName, role: role.value };
      const validity = validityBody(from.value, until.value, zone());
      if (validity === false) {
        return;
      }
      if (validity) {
        body.validity = validity;
      }
      add.disabled = true;
      try {
        // in trust mode signed by this device (issue 15, design §3), else no headers
        const signed = await signedFor(lock || lockId, addUser(body.name, body.role, body.validity));
        const result = await lockAnswer(post(`${base}/users`, body, signed));
        const c = result.data || {};
        if (result.status === 200 && c.status === 'applied') {
          const who = c.user ? t('users.nameAndNumber', { name: userName, id: c.user }) : userName;
          app.say(role.value === 'ADMINISTRATOR' ? t('users.addedAdministrator', { name: who }) : t('users.addedUser', { name: who }));
        } else {
          showAnswer(result, t('users.what.add', { name: userName }));
        }
        if (!(c.status === 'refused')) {
          name.value = '';
          from.value = '';
          until.value = '';
        }
      } catch (e) {
        app.fail(e, t('users.couldNotAdd'));
      } finally {
        add.disabled = false;
      }
    },
  },
  h('div', { class: 'grid-2 tight' }, field(t('users.userName'), name), field(t('users.role'), role)),
  h('fieldset', { class: 'validity' },
    h('legend', {}, t('users.validOptional')),
    h('div', { class: 'grid-2 tight' }, field(t('users.from'), from), field(t('users.until'), until))),
  add);

  // ---- enrolment progress
  const progress = h('div', { id: 'enrolment-progress', class: 'enrolment', 'aria-live': 'polite', hidden: true });
  // it is read when an enrolment starts: say so, so nobody thinks it marks the credentials listed below
  const duress = checkbox('enrol-duress', t('users.duressNext'), false);

  // ---- users
  const list = h('ul', { id: 'user-list', class: 'user-list', 'aria-busy': 'true' });
  const pending = h('div', { id: 'pending-list', class: 'pending', hidden: true, 'aria-live': 'polite' });
  const notReported = h('p', { class: 'muted', hidden: true }, t('users.notReported'));

  main.append(head.element,
    h('section', { class: 'card' }, h('h2', {}, t('users.addTitle')), addForm),
    progress,
    pending,
    h('section', { class: 'card' },
      h('div', { class: 'row wrap between' }, h('h2', {}, t('users.listTitle')), duress),
      notReported, list));

  // ---- guided enrolment: started here, followed live from reported.enrolment
  let watch = null; // {user, kind, before: Set of credential ids, seen, startedAt, appliedAt, failSeq}
  const validityOpen = new Map(); // user id -> {from, until} typed so far
  let renderedKey = null;

  function credentialsOf(user) {
    const u = ((lock && lock.reported && lock.reported.users) || []).find((x) => x.id === user);
    return u ? u.credentials || [] : null;
  }

  async function latestFailureSeq() {
    try {
      const { data } = await get(`${base}/events?kind=ENROLMENT_FAILED&limit=1`);
      return data.events.length ? data.events[0] : null;
    } catch {
      return null;
    }
  }

  async function enrol(user, kind) {
    const withDuress = kind !== 'FACE' && duress.querySelector('input').checked;
    const before = new Set((credentialsOf(user) || []).map((c) => c.id));
    const failed = await latestFailureSeq();
    const what = t('users.what.enrol', { kind: kindWord(kind), duress: withDuress ? t('users.duressMark') : '', who: userNamer(lock)(user) });
    try {
      const signed = await signedFor(lock || lockId, startEnrolment(user, kind, withDuress));
      const result = await lockAnswer(post(`${base}/users/${seg(user)}/enrolments`, { kind, duress: withDuress }, signed));
      const c = result.data || {};
      if (c.status === 'refused') {
        showAnswer(result, what);
        return;
      }
      watch = {
        user, kind, duress: withDuress, before, seen: false, startedAt: Date.now(),
        appliedAt: c.status === 'applied' ? Date.now() : null, failSeq: failed ? failed.seq : 0, commandId: c.id,
      };
      if (c.status === 'applied') {
        app.say(t('users.enrolStarted', { what }));
      } else {
        showAnswer(result, what);
      }
      showProgress();
    } catch (e) {
      app.fail(e, t('users.couldNotStart'));
    }
  }

  // The width through the CSSOM: a style attribute would be inline style, which the CSP refuses.
  function progressFill(percent) {
    const fill = h('span', { class: 'progress-fill' });
    fill.style.width = `${percent}%`;
    return fill;
  }

  function progressBox(title, line, step, steps, state) {
    const bar = step && steps ? h('div', {
      class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': steps, 'aria-valuenow': step - 1,
      'aria-label': t('users.progress'),
    }, progressFill(Math.round(((step - 1) / steps) * 100))) : null;
    const cancel = state === 'active' ? h('button', {
      id: 'enrolment-cancel', type: 'button', class: 'btn btn-ghost',
      onclick: async (event) => {
        event.currentTarget.disabled = true;
        try {
          showAnswer(await lockAnswer(del(`${base}/enrolment`)), t('users.what.cancel'));
        } catch (e) {
          app.fail(e, t('users.couldNotCancel'));
        }
      },
    }, t('users.cancelEnrolment')) : null;
    const close = state !== 'active' ? h('button', {
      type: 'button', class: 'btn btn-ghost', onclick: () => { progress.hidden = true; replace(progress); progress.dataset.key = ''; },
    }, t('users.dismiss')) : null;
    return [h('div', { class: `enrolment-card ${state}` },
      h('h2', {}, title),
      h('p', { class: 'enrolment-step' }, state === 'active' ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : null, line),
      bar, h('div', { class: 'row gap' }, cancel, close))];
  }

  function setProgress(key, parts) {
    progress.hidden = false;
    if (progress.dataset.key !== key) {
      progress.dataset.key = key;
      const refocus = document.activeElement && document.activeElement.id === 'enrolment-cancel';
      replace(progress, ...parts);
      if (refocus && progress.querySelector('#enrolment-cancel')) {
        progress.querySelector('#enrolment-cancel').focus();
      }
    }
  }

  async function showProgress() {
    if (!lock) {
      return;
    }
    const e = lock.reported && lock.reported.enrolment;
    const namer = userNamer(lock);
    if (e) {
      const who = e.user ? namer(e.user) : t('users.firstAdministrator');
      if (watch && watch.user === e.user && watch.kind === e.kind) {
        watch.seen = true;
      } else if (!watch) {
        watch = {
          user: e.user, kind: e.kind, duress: e.duress, before: new Set((credentialsOf(e.user) || []).map((c) => c.id)),
          seen: true, startedAt: Date.now(), appliedAt: Date.now(), failSeq: null,
        };
      }
      setProgress(`active:${e.user}:${e.kind}:${e.step}:${e.steps}`, progressBox(
        t('users.adding', { kind: kindWord(e.kind), duress: e.duress ? t('users.duressMark') : '', who }),
        words.enrolmentStep(e), e.step, e.steps, 'active'));
      return;
    }
    if (!watch) {
      return;
    }
    const credentials = credentialsOf(watch.user);
    const added = credentials && credentials.find((c) => !watch.before.has(c.id) && c.kind === watch.kind);
    const kind = kindWord(watch.kind);
    if (added) {
      const done = watch;
      watch = null;
      const named = words.credentialKind(done.kind);
      setProgress(`ok:${added.id}`, progressBox(t('users.credentialAdded', { kind: named }),
        t('users.canUnlock', { who: namer(done.user), credential: added.id, duress: added.duress ? t('users.duressMark') : '' }), null, null, 'ok'));
      app.say(t('users.addedFor', { kind: named, who: namer(done.user), credential: added.id }));
      return;
    }
    const waitingForLock = (lock.pending || []).some((p) => p.command && p.command.type === 'START_ENROLMENT');
    if (waitingForLock) {
      setProgress(`wait:${watch.user}:${watch.kind}`, progressBox(
        t('users.adding', { kind, duress: '', who: namer(watch.user) }),
        t('users.enrolWaiting'), null, null, 'active'));
      return;
    }
    if (watch.seen || (watch.appliedAt === null && Date.now() - watch.startedAt > 8000)
        || (watch.appliedAt !== null && Date.now() - watch.appliedAt > 8000)) {
      const done = watch;
      watch = null;
      let why = t('users.cancelledOrTimedOut');
      const failure = await latestFailureSeq();
      if (failure && done.failSeq !== null && failure.seq > done.failSeq) {
        why = words.reason(failure.reason).replace(/[.。]$/, '') || why;
      }
      setProgress(`fail:${done.user}:${done.kind}:${Date.now()}`, progressBox(t('users.noneAdded', { kind }),
        t('users.enrolEndedFor', { who: namer(done.user), kind, why }), null, null, 'fail'));
      app.fail(t('users.enrolEnded', { kind, why }));
    }
  }

  // ---- the list of users, rebuilt only when the lock's report of them changes
  function renderList() {
    const users = (lock.reported && lock.reported.users) || null;
    notReported.hidden = users !== null;
    list.removeAttribute('aria-busy');
    const busy = Boolean(lock.reported && lock.reported.enrolment);
    const key = JSON.stringify([users, busy, [...validityOpen.keys()], credentialNames, naming]);
    if (key === renderedKey) {
      return;
    }
    renderedKey = key;
    const focused = document.activeElement && document.activeElement.id;
    replace(list, (users || []).map((u) => userItem(u, busy)));
    if (users && users.length === 0) {
      list.append(h('li', { class: 'muted' }, t('users.none')));
    }
    if (focused && list.querySelector(`#${CSS.escape(focused)}`)) {
      list.querySelector(`#${CSS.escape(focused)}`).focus();
    }
  }

  function userItem(u, busy) {
    const id = u.id;
    const validity = validityWords(u.validFrom, u.validUntil);
    const credentials = u.credentials || [];
    // what the lock would refuse (USER_FULL, SPEC B3-B5), said before the tap (issue 14 item 2)
    const full = Object.keys(PER_USER).filter((kind) => credentials.filter((c) => c.kind === kind).length >= PER_USER[kind]);
    const enrolButton = (kind) => h('button', {
      id: `enrol-${kind.toLowerCase()}-${id}`, type: 'button', class: 'btn btn-small btn-secondary',
      disabled: full.includes(kind),
      onclick: (event) => {
        event.currentTarget.disabled = true;
        enrol(id, kind).finally(() => { event.target.disabled = false; });
      },
    }, `+ ${words.credentialKind(kind)}`);
    const fullHint = full.length
      ? h('p', { class: 'hint warn', id: `user-full-${id}` }, full.map((kind) => t(`users.full.${kind}`, { limit: PER_USER[kind] })).join(' '))
      : null;
    const confirmDelete = h('div', { class: 'confirm', hidden: true },
      h('p', {}, t('users.confirmDelete', { name: u.name })),
      h('div', { class: 'row gap' },
        h('button', {
          id: `user-delete-confirm-${id}`, type: 'button', class: 'btn btn-danger btn-small',
          onclick: async (event) => {
            event.currentTarget.disabled = true;
            try {
              showAnswer(await lockAnswer(del(`${base}/users/${seg(id)}`)), t('users.what.delete', { name: u.name }));
            } catch (e) {
              app.fail(e, t('users.couldNotDelete'));
            }
            confirmDelete.hidden = true;
          },
        }, t('users.yesDelete')),
        h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => { confirmDelete.hidden = true; } }, t('users.cancel'))));

    const typed = validityOpen.get(id);
    const validityForm = typed ? validityEditor(u, typed) : null;

    return h('li', { 'data-user': id, class: 'user' },
      h('div', { class: 'user-head' },
        h('span', { class: 'avatar', 'aria-hidden': 'true' }, (u.name || '?').slice(0, 1).toUpperCase()),
        h('div', { class: 'user-main' },
          h('span', { class: 'user-name' }, u.name, ' ', h('span', { class: 'muted' }, t('users.number', { id }))),
          h('span', { class: 'user-sub' },
            h('span', { class: `badge ${u.role === 'ADMINISTRATOR' ? 'badge-admin' : ''}` }, words.lockRole(u.role)), ' ', validity))),
      h('ul', { class: 'credentials', 'aria-label': t('users.credentialsOf', { name: u.name }) },
        credentials.length === 0 ? h('li', { class: 'muted' }, t('users.noCredentials')) : null,
        credentials.map((c) => h('li', { 'data-credential': c.id, class: 'credential' },
          h('span', { class: `cred-icon cred-${(c.kind || '').toLowerCase()}`, 'aria-hidden': 'true' }),
          h('span', { class: 'credential-name', id: `credential-name-${id}-${c.id}` }, credentialLabel(id, c)),
          h('button', {
            id: `credential-rename-${id}-${c.id}`, type: 'button', class: 'btn btn-ghost btn-small',
            onclick: () => { naming = `${id}/${c.id}`; renderList(); list.querySelector(`#credential-name-input-${id}-${c.id}`)?.focus(); },
          }, t('users.nameCredential')),
          c.duress ? h('span', { class: 'badge badge-duress' }, t('users.duress')) : null,
          h('button', {
            id: `credential-delete-${c.id}`, type: 'button', class: 'btn btn-ghost btn-small danger-text',
            'aria-label': t('users.deleteCredentialLabel', { credential: c.id, name: u.name }),
            onclick: async (event) => {
              event.currentTarget.disabled = true;
              try {
                showAnswer(await lockAnswer(del(`${base}/users/${seg(id)}/credentials/${seg(c.id)}`)), t('users.what.deleteCredential', { credential: c.id, name: u.name }));
              } catch (e) {
                app.fail(e, t('users.couldNotDeleteCredential'));
              } finally {
                event.target.disabled = false;
              }
            },
          }, t('users.delete')),
          naming === `${id}/${c.id}` ? nameEditor(id, c) : null))),
      fullHint,
      h('div', { class: 'user-actions' },
        enrolButton('PASSCODE'), enrolButton('FINGERPRINT'), enrolButton('FACE'),
        h('button', {
          id: `user-validity-${id}`, type: 'button', class: 'btn btn-small btn-ghost', 'aria-expanded': typed ? 'true' : 'false',
          onclick: () => {
            if (validityOpen.has(id)) {
              validityOpen.delete(id);
            } else {
              validityOpen.set(id, { from: instantToLocal(u.validFrom, zone()), until: instantToLocal(u.validUntil, zone()) });
            }
            renderList();
            const target = list.querySelector(`#validity-from-${id}`) || list.querySelector(`#user-validity-${id}`);
            if (target) {
              target.focus();
            }
          },
        }, t('users.validity')),
        h('button', {
          id: `user-delete-${id}`, type: 'button', class: 'btn btn-small btn-ghost danger-text',
          onclick: () => { confirmDelete.hidden = false; confirmDelete.querySelector('button').focus(); },
        }, t('users.deleteUser'))),
      validityForm,
      confirmDelete);
  }

  /** A user's validity in words, on the home's clock. */
  function validityWords(validFrom, validUntil) {
    const from = dateTime(validFrom, zone());
    const until = dateTime(validUntil, zone());
    if (from && until) {
      return t('users.validFromUntil', { from, until });
    }
    if (from || until) {
      return from ? t('users.validFrom', { from }) : t('users.validUntil', { until });
    }
    return t('users.alwaysValid');
  }

  /** "Left index finger" once named, else "Fingerprint 1" (not the lock's id "fingerprint-1"). */
  function credentialLabel(user, c) {
    const given = credentialNames[`${user}/${c.id}`];
    const number = /-(\d+)$/.exec(c.id);
    return given || `${words.credentialKind(c.kind)}${number ? ` ${number[1]}` : ''}`;
  }

  /** Names a credential (the cloud keeps the name; the event list shows it). Shown as text, always. */
  function nameEditor(user, c) {
    const input = h('input', {
      id: `credential-name-input-${user}-${c.id}`, type: 'text', maxlength: 40, autocomplete: 'off',
      value: credentialNames[`${user}/${c.id}`] || '', placeholder: t('users.credentialNameHint'),
    });
    const said = h('span', { class: 'inline-status bad', role: 'alert' });
    return h('form', {
      class: 'credential-name-edit row gap wrap', novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const { data } = await put(`${base}/users/${seg(user)}/credentials/${seg(c.id)}/name`, { name: input.value });
          credentialNames[`${user}/${c.id}`] = data.name;
          naming = null;
          renderList();
          app.say(t('users.credentialNamed', { name: data.name }));
        } catch (e) {
          said.textContent = e.reason || String(e);
        }
      },
    },
    field(t('users.credentialName'), input),
    h('button', { type: 'submit', class: 'btn btn-primary btn-small', id: `credential-name-save-${user}-${c.id}` }, t('users.save')),
    h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => { naming = null; renderList(); } }, t('users.cancel')),
    said);
  }

  function validityEditor(u, typed) {
    const id = u.id;
    const vFrom = h('input', { id: `validity-from-${id}`, type: 'datetime-local', value: typed.from, oninput: (e) => { typed.from = e.target.value; } });
    const vUntil = h('input', { id: `validity-until-${id}`, type: 'datetime-local', value: typed.until, oninput: (e) => { typed.until = e.target.value; } });
    return h('form', {
      class: 'validity-edit', novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const body = validityBody(typed.from, typed.until, zone());
        if (body === false) {
          return;
        }
        try {
          const signed = await signedFor(lock || lockId, setValidity(id, body || {}));
          const result = await lockAnswer(put(`${base}/users/${seg(id)}/validity`, body || {}, signed));
          showAnswer(result, t('users.what.validity', { name: u.name }));
          if (!(result.data && result.data.status === 'refused')) {
            validityOpen.delete(id);
            renderList();
          }
        } catch (e) {
          app.fail(e, t('users.couldNotChangeValidity'));
        }
      },
    },
    h('div', { class: 'grid-2 tight' }, field(t('users.validFromLabel'), vFrom), field(t('users.validUntilLabel'), vUntil)),
    h('p', { class: 'hint' }, t('users.leaveEmpty')),
    h('div', { class: 'row gap' },
      h('button', { id: `validity-save-${id}`, type: 'submit', class: 'btn btn-primary btn-small' }, t('users.saveValidity')),
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => { validityOpen.delete(id); renderList(); } }, t('users.cancel'))));
  }

  view.every(1000, async () => {
    const fresh = await loadLock(lockId);
    if (!view.alive) {
      return;
    }
    lock = fresh;
    head.setLock(lock);
    if (lock.role === 'MEMBER') {
      replace(main, head.element, h('section', { class: 'card' },
        h('p', {}, t('users.onlyManagers'))));
      return;
    }
    renderPending(pending, lock);
    if (naming === null) {
      const { data } = await get(`${base}/credential-names`);
      credentialNames = Object.fromEntries(data.map((n) => [`${n.user}/${n.credential}`, n.name]));
    }
    renderList();
    await showProgress();
  });
}

/** {from, until} from two datetime-local values; null when both empty; false (and says why) when wrong. */
function validityBody(fromValue, untilValue, timeZone) {
  const from = localToInstant(fromValue, timeZone);
  const until = localToInstant(untilValue, timeZone);
  if ((fromValue && !from) || (untilValue && !until)) {
    app.fail(t('users.validityFormat'));
    return false;
  }
  if (from && until && from >= until) {
    app.fail(t('users.validityOrder'));
    return false;
  }
  if (!from && !until) {
    return null;
  }
  return { from, until };
}
