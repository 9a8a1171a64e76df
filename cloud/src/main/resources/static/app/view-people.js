// People across locks (issue 13, SPEC B10, B11, docs/people.md): a person with one passcode and one
// schedule on several locks at once. Per lock, the state the lock's answers left (on the lock, pending,
// failed), kept live by the `person` events of the alert stream (session.js), with no reload.
import { ApiError, del, get, post, put, seg } from './api.js';
import { canManage, refusalBox } from './common.js';
import { field, h, replace } from './dom.js';
import { dateTime, has, t } from './i18n.js';
import { scheduleEditor, scheduleWords } from './people-schedule.js';
import { signWaiting, waiting } from './people-signing.js';
import { app } from './session.js';
import * as words from './words.js';

const BASE = '/api/people';

// keys: people.refusal.*
/** A refusal in words: the page's table for a person's codes, else the lock's refusals, else the cloud's words. */
function refusalWords(code, cloudWords) {
  return code && has(`people.refusal.${code}`) ? t(`people.refusal.${code}`) : words.refusal(code, cloudWords);
}

/** What the app can tell of a passcode before sending (SPEC A2: 6-10 digits), as the cloud's code for it. */
function passcodeProblem(code) {
  if (!code) {
    return 'PASSCODE_TOO_SHORT';
  }
  if (!/^\d+$/.test(code)) {
    return 'PASSCODE_NOT_DIGITS';
  }
  if (code.length < 6) {
    return 'PASSCODE_TOO_SHORT';
  }
  return code.length > 10 ? 'PASSCODE_TOO_LONG' : null;
}

/**
 * The later of two views of one person, lock by lock: a REST answer can arrive after an event pushed
 * later, so a lock's state is kept when the one held began after the one arriving (its `since`).
 */
function merged(held, incoming) {
  if (!held || incoming.removed) {
    return incoming;
  }
  const before = new Map(held.locks.map((l) => [l.lockId, l]));
  return {
    ...incoming,
    locks: incoming.locks.map((l) => {
      const was = before.get(l.lockId);
      return was && was.since && l.since && new Date(was.since) > new Date(l.since) ? was : l;
    }),
  };
}

// keys: people.why.*
/** A person's state on one lock as a chip: [data-state, css, words, detail]. */
function chipParts(person, l) {
  if (person.removing || l.removing) {
    return ['REMOVING', 'chip-wait', t('people.state.removing'), null];
  }
  if (l.state === 'ON_LOCK') {
    return ['ON_LOCK', 'chip-ok', t('people.state.onLock'), t('people.state.version', { version: l.version })];
  }
  if (l.state === 'FAILED') {
    return ['FAILED', 'chip-bad', t('people.state.failed', { words: refusalWords(l.reason, l.words) }), null];
  }
  const why = has(`people.why.${l.why}`) ? t(`people.why.${l.why}`) : t('people.why.WAITING_TURN');
  return ['PENDING', 'chip-wait', t('people.state.pending', { time: dateTime(l.since, l.timeZone), why }), null];
}

/** The fingerprints and faces the lock reports for the person (enrolled at the lock, SPEC B9), read-only. */
function enrolled(l) {
  const shown = (l.credentials || []).filter((c) => c.kind === 'FINGERPRINT' || c.kind === 'FACE');
  if (shown.length === 0) {
    return h('span', { class: 'person-creds muted' }, t('people.noneEnrolled'));
  }
  const names = shown.map((c) => {
    const number = /-(\d+)$/.exec(c.id);
    return `${words.credentialKind(c.kind)}${number ? ` ${number[1]}` : ''}`;
  });
  return h('span', { class: 'person-creds' }, t('people.enrolled', { credentials: names.join(t('people.listJoin')) }));
}

/** A refusal box per control of a form, and the one the answer's code or lock points at. */
function refusals(prefix, lockIds) {
  const boxes = {
    name: refusalBox(`${prefix}-name-refusal`),
    passcode: refusalBox(`${prefix}-passcode-refusal`),
    schedule: refusalBox(`${prefix}-schedule-refusal`),
    general: refusalBox(`${prefix}-refusal`),
    locks: new Map(lockIds.map((id) => [id, refusalBox(`${prefix}-lock-refusal-${id}`)])),
  };
  return {
    ...boxes,
    clear() {
      [boxes.name, boxes.passcode, boxes.schedule, boxes.general, ...boxes.locks.values()].forEach((b) => b.clear());
    },
    /** Shows a code (before sending, or the cloud's {error, reason, lockId}) beside its field or lock. */
    show(code, cloudWords, lockId) {
      const said = refusalWords(code, cloudWords);
      const box = (lockId && boxes.locks.get(lockId))
        || (code && code.startsWith('PASSCODE_') && boxes.passcode)
        || (code === 'BAD_NAME' && boxes.name)
        || (code === 'BAD_VALIDITY' && boxes.schedule)
        || boxes.general;
      box.show(said);
    },
    /** An answer that is not a refusal of the cloud's (the network, a 5xx) shows under the form. */
    failed(e) {
      if (e instanceof ApiError && e.data && typeof e.data.reason === 'string') {
        this.show(e.data.reason, e.data.error, e.data.lockId);
      } else {
        boxes.general.show((e && (e.reason || e.message)) || String(e));
      }
    },
  };
}

/** A lock's checkbox with its refusal box beside it. */
function lockChoice(id, lock, box, onchange) {
  return h('div', { class: 'lock-choice' },
    h('div', { class: 'check' },
      h('input', { type: 'checkbox', id, value: lock.id, onchange }),
      h('label', { for: id }, lock.name || lock.serial, ' ', h('span', { class: 'muted' }, `· ${lock.timeZone || 'UTC'}`))),
    box.element);
}

const chosen = (container) => [...container.querySelectorAll('input[type=checkbox]:checked')].map((c) => c.value);

export function renderPeople(main, params, view) {
  document.title = t('people.pageTitle');
  let managed = []; // the locks I own or manage: the ones a person can be given
  const lockMap = () => new Map(managed.map((l) => [l.id, l])); // their owner devices: whether this device signs
  const people = new Map(); // person id -> the latest view
  const items = new Map(); // person id -> {li, head, locks, actions, panel}
  const open = new Map(); // person id -> the open panel: {kind: schedule|locks|lock|remove, lockId}
  const heard = new Map(); // person id -> events heard: a REST answer sent before the latest may be older
  const gone = new Set(); // people removed: no later answer brings them back

  const list = h('ul', { id: 'people-list', class: 'people-list', 'aria-live': 'polite', 'aria-busy': 'true' });
  const empty = h('p', { class: 'muted', hidden: true, id: 'people-empty' }, t('people.none'));
  const createCard = h('section', { class: 'card', id: 'person-new' }, h('h2', {}, t('people.newTitle')), h('p', { class: 'loading' }, t('people.loading')));

  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, t('people.title')), h('p', { class: 'sub' }, t('people.intro'))),
    createCard,
    h('section', { class: 'card' }, h('h2', {}, t('people.listTitle')), empty, list));

  // ---- the create form, once the locks are known
  function drawCreate() {
    if (managed.length === 0) {
      replace(createCard, h('h2', {}, t('people.newTitle')), h('p', { class: 'muted', id: 'person-no-locks' }, t('people.noLocks')));
      return;
    }
    const boxes = refusals('person', managed.map((l) => l.id));
    const name = h('input', { id: 'person-name', type: 'text', maxlength: 40, autocomplete: 'off', required: true });
    const contact = h('input', { id: 'person-contact', type: 'text', maxlength: 200, autocomplete: 'off' });
    const passcode = h('input', { id: 'person-passcode', type: 'password', inputmode: 'numeric', maxlength: 10, autocomplete: 'new-password', required: true });
    const zoneHint = h('p', { class: 'hint', id: 'person-zone' });
    let zone = managed[0].timeZone;
    const schedule = scheduleEditor('person-schedule', null, () => zone);
    const locks = h('fieldset', { class: 'lock-choices', id: 'person-locks' }, h('legend', {}, t('people.locksLegend')),
      managed.map((l) => lockChoice(`person-lock-${l.id}`, l, boxes.locks.get(l.id), rezone)));
    const create = h('button', { id: 'person-create', type: 'submit', class: 'btn btn-primary' }, t('people.create'));

    /** The form's zone: the first chosen lock's (SPEC B10), said with every zone the chosen locks read windows in. */
    function rezone() {
      const picked = chosen(locks);
      const zones = [...new Set(managed.filter((l) => picked.length === 0 || picked.includes(l.id)).map((l) => l.timeZone || 'UTC'))];
      const before = zone;
      zone = zones[0];
      schedule.rezone(before);
      zoneHint.textContent = zones.length === 1 ? t('people.zoneOne', { zone }) : t('people.zoneMany', { zones: zones.join(t('people.listJoin')), zone });
    }
    rezone();

    const form = h('form', {
      class: 'stack', novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        boxes.clear();
        const body = { name: name.value.trim(), passcode: passcode.value, locks: chosen(locks) };
        const read = schedule.read();
        const problem = !body.name ? ['BAD_NAME', name] : passcodeProblem(body.passcode) ? [passcodeProblem(body.passcode), passcode]
          : read.problem ? [read.problem, read.at] : body.locks.length === 0 ? ['NO_LOCKS', locks] : null;
        if (problem) {
          boxes.show(problem[0]);
          problem[1].focus?.();
          return;
        }
        if (contact.value.trim()) {
          body.contact = contact.value.trim();
        }
        if (Object.keys(read.schedule).length) {
          body.schedule = read.schedule;
        }
        create.disabled = true;
        try {
          const { data } = await post(BASE, body);
          if (!view.alive) {
            return;
          }
          upsert(data);
          app.say(t('people.created', { name: data.name }));
          if (data.locks.some((l) => l.why === 'SIGNATURE')) {
            // issue 15: a protected lock waits for this device's signature, with the code just typed
            told(await signWaiting(data.id, lockMap(), body.passcode), boxes);
          }
          [name, contact, passcode].forEach((input) => { input.value = ''; }); // the code is never shown back
          locks.querySelectorAll('input').forEach((c) => { c.checked = false; });
          schedule.clear();
          rezone();
        } catch (e) {
          boxes.failed(e); // the form keeps what was typed, to be corrected where the refusal shows
        } finally {
          create.disabled = false;
        }
      },
    },
    h('div', { class: 'grid-2 tight' },
      h('div', {}, field(t('people.name'), name), boxes.name.element),
      field(t('people.contact'), contact, t('people.contactHint'))),
    h('div', {}, field(t('people.passcode'), passcode, t('people.passcodeHint')), boxes.passcode.element),
    locks,
    h('fieldset', { class: 'schedule' }, h('legend', {}, t('people.scheduleLegend')), zoneHint,
      h('p', { class: 'hint' }, t('people.scheduleHint')), schedule.element, boxes.schedule.element),
    h('div', {}, create, boxes.general.element));
    replace(createCard, h('h2', {}, t('people.newTitle')), form);
  }

  // ---- the list: one item per person, its parts redrawn in place (an open panel keeps what is typed)
  function upsert(incoming) {
    if (gone.has(incoming.id)) {
      return;
    }
    if (incoming.removed) {
      gone.add(incoming.id);
      const item = items.get(incoming.id);
      if (item) {
        item.li.remove();
        app.say(t('people.removed', { name: incoming.name }));
      }
      people.delete(incoming.id);
      items.delete(incoming.id);
      open.delete(incoming.id);
      empty.hidden = people.size > 0;
      return;
    }
    const person = merged(people.get(incoming.id), incoming);
    people.set(person.id, person);
    draw(person);
    arrange();
  }

  function arrange() {
    const wanted = [...people.values()].sort((a, b) => a.name.localeCompare(b.name)).map((p) => items.get(p.id).li);
    if (wanted.length !== list.children.length || wanted.some((li, i) => list.children[i] !== li)) {
      replace(list, wanted);
    }
    empty.hidden = people.size > 0;
  }

  function draw(person) {
    let item = items.get(person.id);
    if (!item) {
      item = { li: h('li', { class: 'person', 'data-person-id': person.id }), head: h('div', { class: 'person-head' }),
        locks: h('ul', { class: 'person-locks', 'aria-label': t('people.locksOf', { name: person.name }) }),
        actions: h('div', { class: 'person-actions' }), panel: h('div', { class: 'person-panel' }) };
      item.li.append(item.head, item.locks, item.actions, item.panel);
      items.set(person.id, item);
    }
    const focused = document.activeElement && item.li.contains(document.activeElement) ? document.activeElement.id : null;
    const zone = person.locks.length ? person.locks[0].timeZone : undefined;
    replace(item.head,
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, (person.name || '?').slice(0, 1).toUpperCase()),
      h('div', { class: 'person-main' },
        h('span', { class: 'person-name' }, person.name, person.contact ? h('span', { class: 'muted' }, ` · ${person.contact}`) : null),
        h('span', { class: 'person-schedule', id: `person-schedule-${person.id}` },
          scheduleWords(person.validity, zone).map((line) => h('span', {}, line)),
          zone ? h('span', { class: 'muted' }, t('people.inZone', { zone })) : null)));
    replace(item.locks, person.locks.map((l) => lockRow(person, l)));
    replace(item.actions, person.removing ? null : actions(person));
    drawPanel(item, person);
    if (focused && document.getElementById(focused) && item.li.contains(document.getElementById(focused))) {
      document.getElementById(focused).focus({ preventScroll: true });
    }
  }

  function lockRow(person, l) {
    const [state, css, said, detail] = chipParts(person, l);
    const busy = person.removing || l.removing;
    return h('li', { class: 'person-lock', 'data-lock-id': l.lockId },
      h('span', { class: 'person-lock-name' }, l.lockName),
      h('span', { class: `chip ${css}`, id: `person-chip-${person.id}-${l.lockId}`, 'data-state': state },
        state === 'ON_LOCK' || state === 'FAILED' ? null : h('span', { class: 'spinner', 'aria-hidden': 'true' }),
        said, detail ? [' ', h('span', { class: 'chip-detail' }, `· ${detail}`)] : null),
      busy ? null : h('button', {
        type: 'button', class: 'btn btn-ghost btn-small danger-text', id: `person-lock-remove-${person.id}-${l.lockId}`,
        onclick: () => toggle(person, { kind: 'lock', lockId: l.lockId }),
      }, t('people.removeLock')),
      state === 'FAILED' ? h('span', { class: 'person-creds' }, t('people.failedHint')) : null,
      signing(person, l, busy),
      enrolled(l));
  }

  /** A lock waiting for an owner's device to sign the person's change (issue 15): said, and a button to sign. */
  function signing(person, l, busy) {
    if (busy || l.state !== 'PENDING' || l.why !== 'SIGNATURE') {
      return null;
    }
    return h('span', { class: 'person-sign' },
      h('span', { class: 'person-creds', id: `person-sign-waiting-${person.id}-${l.lockId}` }, t('people.signWaiting', { lock: l.lockName })),
      ' ',
      h('button', {
        type: 'button', class: 'btn btn-small', id: `person-sign-${person.id}-${l.lockId}`,
        onclick: () => toggle(person, { kind: 'sign', lockId: l.lockId }),
      }, t('people.signButton')));
  }

  /** What signing on this device did, said once: sent, a code needed, or this device cannot sign (bind it at the door). */
  function told(result, boxes) {
    const names = (requests) => requests.map((r) => r.lockName || r.serial).join(t('people.listJoin'));
    if (result.signed.length) {
      app.say(t('people.signed', { locks: names(result.signed) }));
    }
    if (result.cannot.length) {
      boxes.general.show(t('people.signCannot', { locks: names(result.cannot) }));
    } else if (result.needCode.length) {
      boxes.passcode.show(t('people.signNeedCode', { locks: names(result.needCode) }));
    }
    if (result.failed.length) {
      boxes.failed(result.failed[0].error);
    }
    return result.signed.length > 0 && !result.cannot.length && !result.needCode.length && !result.failed.length;
  }

  function actions(person) {
    const others = managed.filter((m) => !person.locks.some((l) => l.lockId === m.id));
    const button = (id, label, panel, danger = false) => h('button', {
      type: 'button', class: `btn btn-small btn-ghost${danger ? ' danger-text' : ''}`, id: `${id}-${person.id}`,
      'aria-expanded': open.get(person.id)?.kind === panel.kind ? 'true' : 'false', onclick: () => toggle(person, panel),
    }, label);
    return [
      button('person-edit-schedule', t('people.editSchedule'), { kind: 'schedule' }),
      others.length ? button('person-add-locks', t('people.addLocks'), { kind: 'locks' }) : null,
      button('person-remove', t('people.remove'), { kind: 'remove' }, true),
    ];
  }

  function toggle(person, panel) {
    const now = open.get(person.id);
    if (now && now.kind === panel.kind && now.lockId === panel.lockId) {
      open.delete(person.id);
    } else {
      open.set(person.id, panel);
    }
    draw(people.get(person.id) || person);
    const first = items.get(person.id).panel.querySelector('input, button');
    if (first) {
      first.focus();
    }
  }

  function drawPanel(item, person) {
    const which = person.removing ? null : open.get(person.id);
    const key = which ? JSON.stringify(which) : '';
    if (item.panel.dataset.open === key) {
      return; // the same panel stays, with what was typed in it
    }
    item.panel.dataset.open = key;
    const make = { schedule: schedulePanel, locks: locksPanel, lock: lockRemovePanel, remove: removePanel, sign: signPanel };
    replace(item.panel, which ? make[which.kind](person, which) : null);
  }

  const close = (person) => {
    open.delete(person.id);
    draw(people.get(person.id) || person);
  };
  const cancel = (person) => h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => close(person) }, t('people.cancel'));

  /**
   * Sends a change of the person; the answer (the person) is drawn, a refusal shown in its box. When an
   * event about the person arrived meanwhile, the answer may be older than it (the lock answered first):
   * the person is read again instead; unless final (removing the person: the answer says "removing",
   * and only the event that they are gone, which no answer undoes, comes after). code: the person's passcode
   * when the change carried it (signing a protected lock's new user needs it).
   */
  async function change(id, request, boxes, button, done, final = false, code = null) {
    const before = heard.get(id) || 0;
    button.disabled = true;
    try {
      const { data } = await request();
      if (!view.alive) {
        return;
      }
      open.delete(id);
      if (final || (heard.get(id) || 0) === before) {
        upsert(data);
      } else if (!gone.has(id)) {
        await reread(id);
      }
      if (!gone.has(id)) {
        app.say(done(data));
      }
      if (!final && data && (data.locks || []).some((l) => l.why === 'SIGNATURE')) {
        // issue 15: what the change left waiting on a protected lock is signed on this device right away; what it
        // cannot sign (no code here, not bound) stays on the lock's row with its Sign button
        told(await signWaiting(id, lockMap(), code), boxes);
      }
    } catch (e) {
      boxes.failed(e);
      button.disabled = false;
    }
  }

  /** The person as the cloud has them now (gone when 404), unless an event overtakes the answer. */
  async function reread(id) {
    const before = heard.get(id) || 0;
    try {
      const { data } = await get(`${BASE}/${seg(id)}`);
      if (view.alive && (heard.get(id) || 0) === before) {
        upsert(data);
      }
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) {
        throw e;
      }
      upsert({ id, name: (people.get(id) || {}).name, removed: true });
    }
  }

  function schedulePanel(person) {
    const prefix = `person-${person.id}-schedule`;
    const zone = person.locks.length ? person.locks[0].timeZone : undefined;
    const editor = scheduleEditor(prefix, person.validity, () => zone);
    const boxes = refusals(prefix, []);
    const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small', id: `${prefix}-save` }, t('people.saveSchedule'));
    return h('form', {
      class: 'stack person-edit', novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        boxes.clear();
        const read = editor.read();
        if (read.problem) {
          boxes.show(read.problem);
          return;
        }
        change(person.id, () => put(`${BASE}/${seg(person.id)}/schedule`, read.schedule), boxes, save,
          (p) => t('people.scheduleSaved', { name: p.name }));
      },
    },
    h('h3', {}, t('people.editScheduleTitle', { name: person.name })),
    zone ? h('p', { class: 'hint' }, t('people.zoneOne', { zone })) : null,
    editor.element, boxes.schedule.element,
    h('div', { class: 'row gap wrap' }, save, cancel(person)), boxes.general.element);
  }

  function locksPanel(person) {
    const prefix = `person-${person.id}-add`;
    const others = managed.filter((m) => !person.locks.some((l) => l.lockId === m.id));
    const boxes = refusals(prefix, others.map((l) => l.id));
    const passcode = h('input', { id: `${prefix}-passcode`, type: 'password', inputmode: 'numeric', maxlength: 10, autocomplete: 'off' });
    const locks = h('fieldset', { class: 'lock-choices' }, h('legend', {}, t('people.addLocksLegend')),
      others.map((l) => lockChoice(`${prefix}-lock-${l.id}`, l, boxes.locks.get(l.id))));
    const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small', id: `${prefix}-save` }, t('people.addLocksSave'));
    return h('form', {
      class: 'stack person-edit', novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        boxes.clear();
        const body = { locks: chosen(locks) };
        if (passcode.value && passcodeProblem(passcode.value)) {
          boxes.show(passcodeProblem(passcode.value));
          return;
        }
        if (body.locks.length === 0) {
          boxes.show('NO_LOCKS');
          return;
        }
        if (passcode.value) {
          body.passcode = passcode.value;
        }
        change(person.id, () => post(`${BASE}/${seg(person.id)}/locks`, body), boxes, save,
          (p) => t('people.locksAdded', { name: p.name }), false, body.passcode || null);
      },
    },
    h('h3', {}, t('people.addLocksTitle', { name: person.name })),
    locks,
    h('div', {}, field(t('people.passcodeAgain'), passcode, t('people.passcodeAgainHint')), boxes.passcode.element),
    h('div', { class: 'row gap wrap' }, save, cancel(person)), boxes.general.element);
  }

  /**
   * Signs what waits for the person on one protected lock, when the owner confirms; the person's code is asked
   * again when the request needs it (the cloud never shows it back).
   */
  function signPanel(person, { lockId }) {
    const prefix = `person-${person.id}-sign`;
    const lock = person.locks.find((l) => l.lockId === lockId);
    const boxes = refusals(prefix, []);
    const passcode = h('input', { id: `${prefix}-passcode`, type: 'password', inputmode: 'numeric', maxlength: 10, autocomplete: 'off' });
    const codeField = h('div', { hidden: true }, field(t('people.signCode'), passcode, t('people.signCodeHint')), boxes.passcode.element);
    let needsCode = false;
    waiting(person.id).then((requests) => {
      needsCode = requests.some((r) => r.lockId === lockId && r.passcodeNeeded);
      codeField.hidden = !needsCode;
    }).catch((e) => boxes.failed(e));
    const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small', id: `${prefix}-save` }, t('people.signSave'));
    return h('form', {
      class: 'stack person-edit', novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        boxes.clear();
        if (needsCode && passcodeProblem(passcode.value)) {
          boxes.show(passcodeProblem(passcode.value));
          return;
        }
        save.disabled = true;
        try {
          const done = told(await signWaiting(person.id, lockMap(), needsCode ? passcode.value : null, lockId), boxes);
          passcode.value = '';
          if (done && view.alive) {
            close(person);
          }
        } catch (e) {
          boxes.failed(e);
        } finally {
          save.disabled = false;
        }
      },
    },
    h('h3', {}, t('people.signTitle', { name: person.name, lock: lock ? lock.lockName : '' })),
    h('p', { class: 'hint' }, t('people.signIntro')),
    codeField,
    h('div', { class: 'row gap wrap' }, save, cancel(person)), boxes.general.element);
  }

  function lockRemovePanel(person, { lockId }) {
    const lock = person.locks.find((l) => l.lockId === lockId);
    const boxes = refusals(`person-${person.id}-off`, []);
    const yes = h('button', {
      type: 'button', class: 'btn btn-danger btn-small', id: `person-lock-remove-confirm-${person.id}-${lockId}`,
      onclick: () => change(person.id, () => del(`${BASE}/${seg(person.id)}/locks/${seg(lockId)}`), boxes, yes,
        (p) => t('people.lockRemoving', { name: p.name, lock: lock ? lock.lockName : '' })),
    }, t('people.removeLockYes'));
    return h('div', { class: 'confirm' },
      h('p', {}, t('people.removeLockAsk', { name: person.name, lock: lock ? lock.lockName : '' })),
      h('div', { class: 'row gap wrap' }, yes, cancel(person)), boxes.general.element);
  }

  function removePanel(person) {
    const boxes = refusals(`person-${person.id}-remove`, []);
    const yes = h('button', {
      type: 'button', class: 'btn btn-danger btn-small', id: `person-remove-confirm-${person.id}`,
      onclick: () => change(person.id, () => del(`${BASE}/${seg(person.id)}`), boxes, yes,
        (p) => t('people.removing', { name: p.name }), true),
    }, t('people.removeYes'));
    return h('div', { class: 'confirm' },
      h('p', {}, t('people.removeAsk', { name: person.name, count: person.locks.length })),
      h('div', { class: 'row gap wrap' }, yes, cancel(person)), boxes.general.element);
  }

  // ---- live: every change of a person's state arrives on the alert stream (session.js)
  const listener = (person) => {
    if (view.alive && person && person.id) {
      heard.set(person.id, (heard.get(person.id) || 0) + 1);
      upsert(person);
    }
  };
  app.personListeners.add(listener);
  view.onCleanup(() => app.personListeners.delete(listener));

  (async () => {
    try {
      const [locks, mine] = await Promise.all([get('/api/locks'), get(BASE)]);
      if (!view.alive) {
        return;
      }
      managed = locks.data.filter(canManage);
      drawCreate();
      mine.data.forEach(upsert);
      arrange();
      list.removeAttribute('aria-busy');
    } catch (e) {
      if (view.alive) {
        list.removeAttribute('aria-busy');
        app.fail(e, t('people.couldNotLoad'));
      }
    }
  })();
}
