// Visitor Passcode (SPEC E1, E2, E4): one-time and periodic codes made by the cloud, their list, revoking.
// A lock in trust mode (issue 15, trust design §5) made a visitor secret the cloud never learns: this device
// makes the codes itself (visitor-codes.js) with the secret the lock sealed to it at binding (trust.js) and
// tells the cloud only the code's id, period and name; the list's digits and revoke codes are made here too.
import { ApiError, get, post, seg } from './api.js';
import { field, h, instantToLocal, localToInstant, replace, select, text } from './dom.js';
import { locale, t } from './i18n.js';
import { app } from './session.js';
import { canManage, loadLock, lockPath, pageHead } from './common.js';
import { inTrustMode } from './signing.js';
import { visitorSecret } from './trust.js';
import * as codes from './visitor-codes.js';

const HOUR = 3600 * 1000;

// One time zone per page, the home's (the lock's timeZone, issue 14), else the browser's: set when the
// lock is loaded, before any code is shown.
let zone;
let clock;
let dayAndClock;
let dayKey;
// The clocks speak the app's language (i18n.js), not the browser's: set again on every render, so a
// language switched in the account menu shows on the next page.
function useZone(timeZone) {
  try {
    clock = new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', timeZone: timeZone || undefined });
  } catch (e) {
    timeZone = undefined; // a zone this browser does not know: its own
    clock = new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' });
  }
  zone = timeZone || undefined;
  dayAndClock = new Intl.DateTimeFormat(locale(), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: zone });
  dayKey = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone });
}
useZone(undefined);

/** "14:00 today", "09:00 tomorrow", "Fri 4 Dec, 14:00", in the page's time zone. */
function moment(value) {
  if (!value) {
    return '—';
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return String(value);
  }
  const day = (d) => new Date(`${dayKey.format(d)}T00:00:00Z`).getTime();
  const days = Math.round((day(date) - day(new Date())) / (24 * HOUR));
  if (days === 0) {
    return t('visitors.today', { time: clock.format(date) });
  }
  if (days === 1) {
    return t('visitors.tomorrow', { time: clock.format(date) });
  }
  if (days === -1) {
    return t('visitors.yesterday', { time: clock.format(date) });
  }
  return dayAndClock.format(date);
}

/** A code's validity in plain words. */
function validity(code) {
  const now = Date.now();
  const started = new Date(code.start).getTime() <= now;
  const times = { start: moment(code.start), first: moment(code.firstUseBefore), end: moment(code.end) };
  if (code.kind === 'PERIODIC') {
    return started ? t('visitors.periodic', times) : t('visitors.periodicFrom', times);
  }
  return started ? t('visitors.once', times) : t('visitors.onceFrom', times);
}

function stateOf(code) {
  // what the lock reported: a one-time code it opened the door with is used up (E1), revoked or not
  const used = code.kind === 'ONE_TIME' && code.firstUsedAt ? t('visitors.used', { when: moment(code.firstUsedAt) }) : null;
  if (code.revokedAt) {
    return { label: t('visitors.revokedAt', { when: moment(code.revokedAt) }), css: 'badge-bad', used };
  }
  if (used) {
    return { label: used, css: '' };
  }
  if (new Date(code.end).getTime() <= Date.now()) {
    return { label: t('visitors.expired'), css: '' };
  }
  return { label: t('visitors.active'), css: 'badge-ok' };
}

/**
 * The creation note in the page's time zone (issue 14: the cloud's note names UTC instants): what the
 * cloud changed, said with the code's own start and end.
 */
function noteText(code) {
  const said = [];
  if (/start rounded/.test(code.note)) {
    said.push(t('visitors.noteStartRounded', { when: moment(code.start) }));
  }
  if (/end set to/.test(code.note)) {
    said.push(t('visitors.noteEndSet', { when: moment(code.end) }));
  }
  return said.length ? said.join(' ') : code.note;
}

// keys: visitors.kind.*
const kindLabel = (kind) => t(`visitors.kind.${kind === 'PERIODIC' ? 'PERIODIC' : 'ONE_TIME'}`);

/** 12 digits shown in groups of four (the groups are spacing only: the text stays the bare digits). */
function digits(id, code, label) {
  const groups = (code.match(/.{1,4}/g) || []).map((g) => h('span', { class: 'code-group' }, g));
  return h('div', { id, class: 'code-digits', 'data-code': code, title: label }, groups);
}

async function copy(code, button) {
  try {
    if (!navigator.clipboard || !window.isSecureContext) {
      throw new Error('no clipboard'); // words-lint: not shown (caught below)
    }
    await navigator.clipboard.writeText(code);
    text(button, t('visitors.copied'));
    app.say(t('visitors.codeCopied'));
  } catch {
    // no clipboard here (or no permission): select the digits so the user copies them by hand
    const element = button.parentElement && button.parentElement.querySelector('.code-digits');
    if (element) {
      const range = document.createRange();
      range.selectNodeContents(element);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    app.say(t('visitors.copyByHand'));
  }
}

function codeBox(id, code, label) {
  const button = h('button', { type: 'button', class: 'btn btn-secondary btn-small', id: `${id}-copy` }, t('visitors.copy'));
  button.addEventListener('click', () => copy(code, button));
  return h('div', { class: 'code-box' }, digits(id, code, label), button);
}

/** {kind, startHour, variant} from the cloud's codeId "ONE_TIME/8111/3". */
function idOf(code) {
  const [kind, start, variant] = String(code.codeId || '').split('/');
  return { kind, startHour: Number(start), variant: Number(variant) };
}

/** The lock's visitor secret's keys on this device, or null (another device holds it: bind this one at the door). */
async function appKeys(lock) {
  try {
    const secret = await visitorSecret(lock.serial);
    return secret ? await codes.visitorKeys(secret) : null;
  } catch {
    return null; // no IndexedDB or WebCrypto here: the page says the secret is not on this device
  }
}

/**
 * Makes the code in this browser (trust mode): a variant no listed code of the kind and start hour uses,
 * the digits, then the cloud records the id without them; a variant taken meanwhile tries the next.
 */
async function makeInApp(keys, base, body, listed) {
  const startHour = codes.hourOf(new Date(body.start));
  const periodic = body.kind === 'PERIODIC';
  const endHour = periodic ? codes.effectiveEnd(startHour, codes.hourOf(new Date(body.end))) : null;
  const taken = new Set(listed.map(idOf).filter((id) => id.kind === body.kind && id.startHour === startHour).map((id) => id.variant));
  const serials = periodic ? codes.PERIODIC_SERIALS : codes.ONE_TIME_SERIALS;
  for (let serial = 0; serial < serials; serial++) {
    const code = periodic ? await codes.periodic(keys, startHour, endHour, serial) : await codes.oneTime(keys, startHour, serial);
    if (taken.has(code.id.variant)) {
      continue;
    }
    const sent = { kind: body.kind, start: codes.startOf(startHour).toISOString(), variant: code.id.variant, name: body.name };
    if (periodic) {
      sent.end = codes.startOf(endHour).toISOString();
    }
    try {
      const { data } = await post(`${base}/made-in-app`, sent);
      const said = [];
      if (codes.startOf(startHour).getTime() !== new Date(body.start).getTime()) {
        said.push(t('visitors.noteStartRounded', { when: moment(data.start) }));
      }
      if (periodic && codes.startOf(endHour).getTime() !== new Date(body.end).getTime()) {
        said.push(t('visitors.noteEndSet', { when: moment(data.end) }));
      }
      return { ...data, code: code.digits, said: said.join(' ') || null };
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409 && /^VARIANT_TAKEN/.test(e.reason || ''))) {
        throw e;
      }
    }
  }
  throw new ApiError(409, t('visitors.allTaken'));
}

/** The revoke code this device makes for a code made in the app, or null when none can reach it. */
async function appRevokeCode(keys, code) {
  const now = codes.hourOf(Date.now());
  const target = idOf(code);
  if (!keys || codes.untilHour(target) <= now) {
    return null;
  }
  try {
    const made = await codes.revoke(keys, target, now);
    return { revokeCode: made.digits, note: t('visitors.appRevokeNote', { when: moment(codes.startOf(now + codes.REVOKE_HOURS)) }) };
  } catch {
    return null; // too far from now for the keypad: the lock learns of it at its next sync
  }
}

export function renderVisitors(main, [lockId], view) {
  useZone(undefined);
  const head = pageHead(lockId, t('visitors.title'));
  const base = `${lockPath(lockId)}/visitor-codes`;
  let inApp = false; // the lock is in trust mode: codes are made here
  let keys = null; // its visitor secret's keys on this device
  let listed = [];

  // ---- the form
  const kind = select('visitor-kind', [['ONE_TIME', kindLabel('ONE_TIME')], ['PERIODIC', kindLabel('PERIODIC')]], 'ONE_TIME');
  const start = h('input', { id: 'visitor-start', type: 'datetime-local', required: true });
  const end = h('input', { id: 'visitor-end', type: 'datetime-local' });
  const name = h('input', { id: 'visitor-name', type: 'text', maxlength: 100, autocomplete: 'off', placeholder: t('visitors.namePlaceholder') });
  const create = h('button', { id: 'visitor-create', type: 'submit', class: 'btn btn-primary' }, t('visitors.create'));
  const endField = field(t('visitors.validUntil'), end, t('visitors.validUntilHint'));
  endField.hidden = true;
  // the form's defaults on the home's clock: set again once the lock (and so its zone) is known
  const defaults = () => {
    const now = new Date();
    start.value = instantToLocal(now.toISOString(), zone);
    end.value = instantToLocal(new Date(now.getTime() + 24 * HOUR).toISOString(), zone);
  };
  defaults();
  kind.addEventListener('change', () => {
    endField.hidden = kind.value !== 'PERIODIC';
    end.required = kind.value === 'PERIODIC';
  });

  const trustNote = h('div', { id: 'visitor-trust', class: 'note', hidden: true, role: 'status' });
  const result = h('section', { id: 'visitor-result', class: 'card result-card', hidden: true, 'aria-live': 'polite', tabindex: '-1' });

  const form = h('form', {
    class: 'stack', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const body = { kind: kind.value, start: localToInstant(start.value, zone) };
      if (!body.start) {
        app.fail(t('visitors.chooseStart'));
        start.focus();
        return;
      }
      if (kind.value === 'PERIODIC') {
        body.end = localToInstant(end.value, zone);
        if (!body.end) {
          app.fail(t('visitors.needEnd'));
          end.focus();
          return;
        }
      }
      if (name.value.trim()) {
        body.name = name.value.trim();
      }
      const wholeHours = (at) => Math.floor((Date.parse(at) - codes.EPOCH_MS) / HOUR);
      if (inApp && body.end && wholeHours(body.end) - wholeHours(body.start) < 1) {
        app.fail(t('visitors.periodTooShort')); // the cloud's own check, said before the code is made here
        end.focus();
        return;
      }
      create.disabled = true;
      app.say(t('visitors.creating'));
      try {
        const data = inApp ? await makeInApp(keys, base, body, listed) : (await post(base, body)).data;
        if (!view.alive) {
          return;
        }
        showResult(data);
        const made = { kind: kindLabel(data.kind), name: data.name };
        app.say(data.name ? t('visitors.madeFor', made) : t('visitors.made', made));
        name.value = '';
        await refresh();
      } catch (e) {
        if (view.alive) {
          app.fail(e, t('visitors.notCreated'));
        }
      } finally {
        create.disabled = false;
      }
    },
  },
  field(t('visitors.kindLabel'), kind, t('visitors.kindHint')),
  h('div', { class: 'grid-2' },
    field(t('visitors.starts'), start, t('visitors.startsHint')),
    endField),
  field(t('visitors.nameOptional'), name),
  h('div', { class: 'row gap' }, create));

  function showResult(code) {
    replace(result,
      h('h2', {}, code.name ? t('visitors.resultTitleFor', { kind: kindLabel(code.kind), name: code.name }) : t('visitors.resultTitle', { kind: kindLabel(code.kind) })),
      h('p', { class: 'muted' }, t('visitors.giveDigits')),
      codeBox('visitor-code', code.code, t('visitors.passcode')),
      h('p', { class: 'validity' }, validity(code)),
      code.said || code.note ? h('p', { class: 'note', id: 'visitor-note' }, code.said || noteText(code)) : null);
    result.hidden = false;
    result.focus({ preventScroll: true });
    result.scrollIntoView({ block: 'nearest' });
  }

  // ---- the list
  const list = h('ul', { id: 'visitor-list', class: 'visitor-list', 'aria-live': 'polite', 'aria-busy': 'true' });
  const empty = h('p', { class: 'muted', hidden: true }, t('visitors.none'));
  const revocations = new Map(); // code id -> revocation answer, kept across refreshes
  const confirming = new Set();

  function item(code) {
    const state = stateOf(code);
    const li = h('li', { class: 'visitor', 'data-visitor-id': code.id });
    const revokeBox = h('div', { class: 'revoke-box' });
    const revoke = h('button', {
      id: `visitor-revoke-${code.id}`, type: 'button', class: 'btn btn-ghost btn-small danger-text',
      'aria-expanded': confirming.has(code.id) ? 'true' : 'false',
      onclick: () => {
        confirming.add(code.id);
        drawRevoke();
        const yes = li.querySelector(`[id="visitor-revoke-confirm-${code.id}"]`);
        if (yes) {
          yes.focus();
        }
      },
    }, code.revokedAt ? t('visitors.revokeAgain') : t('visitors.revoke'));

    function drawRevoke() {
      revoke.setAttribute('aria-expanded', confirming.has(code.id) ? 'true' : 'false');
      const parts = [];
      if (confirming.has(code.id)) {
        parts.push(h('div', { class: 'confirm' },
          h('p', {}, code.name ? t('visitors.confirmRevokeNamed', { name: code.name }) : t('visitors.confirmRevoke')),
          h('div', { class: 'row gap wrap' },
            h('button', {
              id: `visitor-revoke-confirm-${code.id}`, type: 'button', class: 'btn btn-danger btn-small',
              onclick: async (event) => {
                const button = event.currentTarget;
                button.disabled = true;
                try {
                  let { data } = await post(`${base}/${seg(code.id)}/revoke`);
                  if (code.madeInApp && !data.revokeCode) {
                    const made = await appRevokeCode(keys, code);
                    data = made ? { ...data, ...made } : data;
                  }
                  if (!view.alive) {
                    return;
                  }
                  confirming.delete(code.id);
                  revocations.set(code.id, data);
                  app.say(data.revokeCode ? t('visitors.revokedWithCode') : `${t('visitors.revoked')} ${data.note || ''}`.trim());
                  await refresh();
                  const shown = document.getElementById(`visitor-revoke-code-${code.id}`);
                  if (shown) {
                    shown.scrollIntoView({ block: 'nearest' });
                  }
                } catch (e) {
                  if (view.alive) {
                    app.fail(e, t('visitors.notRevoked'));
                    button.disabled = false;
                    if (e instanceof ApiError && e.status === 404) {
                      confirming.delete(code.id);
                      refresh();
                    }
                  }
                }
              },
            }, t('visitors.yesRevoke')),
            h('button', {
              type: 'button', class: 'btn btn-ghost btn-small',
              onclick: () => {
                confirming.delete(code.id);
                drawRevoke();
                revoke.focus();
              },
            }, t('users.cancel')))));
      }
      const answer = revocations.get(code.id);
      if (answer) {
        parts.push(h('div', { class: 'revocation', id: `visitor-revocation-${code.id}` },
          answer.revokeCode
            ? [h('p', {}, h('strong', {}, t('visitors.revokeCode')), t('visitors.revokeCodeHow')),
              codeBox(`visitor-revoke-code-${code.id}`, answer.revokeCode, t('visitors.revokeCode'))]
            : h('p', {}, h('strong', {}, t('visitors.noRevokeCode'))),
          answer.note ? h('p', { class: 'note' }, answer.note) : null));
      }
      replace(revokeBox, parts);
    }

    const title = code.name || t('visitors.visitor');
    li.append(
      h('div', { class: 'visitor-head' },
        h('div', { class: 'visitor-main' },
          h('span', { class: 'visitor-name' }, title, ' ', h('span', { class: 'badge' }, kindLabel(code.kind)),
            h('span', { class: `badge ${state.css}` }, state.label),
            state.used ? h('span', { class: 'badge' }, state.used) : null),
          code.code ? h('span', { class: 'visitor-code-small' }, (code.code.match(/.{1,4}/g) || []).join(' '))
            : h('span', { class: 'visitor-code-small muted' }, t('visitors.digitsElsewhere')),
          h('span', { class: 'visitor-sub' }, validity(code)),
          h('span', { class: 'visitor-sub' }, t('visitors.created', { when: moment(code.createdAt) }))),
        h('div', { class: 'visitor-actions' }, revoke)),
      revokeBox);
    drawRevoke();
    return li;
  }

  async function refresh() {
    const { data } = await get(base);
    // codes made in the app: this device makes their digits again from the lock's secret (the cloud has none)
    await Promise.all(data.filter((code) => code.madeInApp && keys).map(async (code) => {
      code.code = (await codes.codeOf(keys, idOf(code))).digits;
    }));
    if (!view.alive) {
      return;
    }
    listed = data;
    list.removeAttribute('aria-busy');
    empty.hidden = data.length > 0;
    const focused = document.activeElement && list.contains(document.activeElement) ? document.activeElement.id : null;
    replace(list, data.map(item));
    if (focused) {
      const again = document.getElementById(focused);
      if (again) {
        again.focus({ preventScroll: true });
      }
    }
  }

  const body = h('div', { class: 'visitor-page' },
    h('section', { class: 'card' },
      h('h2', {}, t('visitors.newTitle')),
      h('p', { class: 'muted' }, t('visitors.intro')),
      trustNote,
      form),
    result,
    h('section', { class: 'card' }, h('h2', {}, t('visitors.issued')), empty, list));
  main.append(head.element, body);

  (async () => {
    try {
      const lock = await loadLock(lockId);
      if (!view.alive) {
        return;
      }
      head.setLock(lock);
      useZone(lock.timeZone);
      defaults();
      document.title = t('visitors.pageTitle', { lock: lock.name || lock.serial });
      if (!canManage(lock)) {
        replace(main, head.element, h('section', { class: 'card' },
          h('p', {}, t('visitors.onlyManagers'))));
        return;
      }
      inApp = inTrustMode(lock);
      if (inApp) {
        keys = await appKeys(lock);
        if (!view.alive) {
          return;
        }
        trustNote.hidden = false;
        if (keys) {
          text(trustNote, t('visitors.madeHere'));
        } else {
          replace(trustNote, h('p', {}, t('visitors.noSecretHere')),
            h('a', { id: 'visitor-open-devices', href: `#/lock/${seg(lockId)}/devices`, class: 'btn btn-secondary btn-small' }, t('visitors.openDevices')));
          create.disabled = true;
          form.hidden = true;
        }
      }
      await refresh();
    } catch (e) {
      if (!view.alive) {
        return;
      }
      if (e instanceof ApiError && e.status === 404) {
        app.flash(t('visitors.lockGone', { reason: e.reason }));
        app.go('#/locks');
        return;
      }
      app.fail(e, t('visitors.couldNotLoad'));
    }
  })();
}
