// All events (SPEC H5) and Alerts (H4).
import { get, post, seg } from './api.js';
import { field, h, localToInstant, replace, select, text } from './dom.js';
import { dateTime, t } from './i18n.js';
import { app } from './session.js';
import * as words from './words.js';
import { loadLock, lockPath, pageHead, userNamer } from './common.js';
import { fingerprintOf } from './trust.js';

// ---------------------------------------------------------------- all events

export function renderEvents(main, [lockId], view) {
  const head = pageHead(lockId, t('events.title'));
  const base = lockPath(lockId);
  const kind = select('event-kind', [['', t('events.allKinds')], ...words.eventKindOptions()], '');
  const user = select('event-user', [['', t('events.allUsers')]], '');
  const from = h('input', { id: 'event-from', type: 'datetime-local' });
  const until = h('input', { id: 'event-until', type: 'datetime-local' });
  const apply = h('button', { id: 'event-apply', type: 'submit', class: 'btn btn-primary' }, t('events.show'));
  const list = h('ol', { id: 'event-list', class: 'event-list', 'aria-live': 'polite', 'aria-busy': 'true', 'aria-relevant': 'additions' });
  const empty = h('p', { class: 'muted', hidden: true }, t('events.none'));
  const older = h('button', { id: 'events-older', type: 'button', class: 'btn btn-secondary', hidden: true }, t('events.older'));

  let lock = null;
  let filters = {};
  let events = new Map(); // seq -> event
  let next = null; // cursor of the oldest page loaded
  let generation = 0;

  const query = (extra) => {
    const params = new URLSearchParams();
    if (filters.kind) {
      params.set('kind', filters.kind);
    }
    if (filters.user) {
      params.set('user', filters.user);
    }
    if (filters.from) {
      params.set('from', filters.from);
    }
    if (filters.until) {
      params.set('until', filters.until);
    }
    for (const [k, v] of Object.entries(extra || {})) {
      params.set(k, v);
    }
    const q = params.toString();
    return `${base}/events${q ? `?${q}` : ''}`;
  };

  function row(e) {
    const said = eventWords(e, userNamer(lock));
    const refused = e.result === 'REFUSED';
    return h('li', { 'data-seq': e.seq, class: `event ${refused ? 'refused' : ''} ${e.kind === 'ALARM' ? 'alarm' : ''}` },
      h('span', { class: `event-dot kind-${(e.kind || '').toLowerCase()}`, 'aria-hidden': 'true' }),
      h('span', { class: 'event-main' },
        h('span', { class: 'event-title' }, words.eventKind(e.kind, e.result),
          refused ? h('span', { class: 'badge badge-bad' }, t('events.refused')) : null),
        said.sub ? h('span', { class: 'event-sub' }, said.sub) : null,
        said.why ? h('span', { class: 'event-why' }, said.why) : null,
        said.detail ? h('span', { class: 'event-detail muted' }, said.detail) : null),
      // one time zone per page: the home's (the lock's timeZone), else the browser's
      h('time', { class: 'event-time', datetime: e.at }, dateTime(e.at, lock && lock.timeZone)));
  }

  function render() {
    const sorted = [...events.values()].sort((a, b) => b.seq - a.seq);
    const existing = new Map([...list.children].map((li) => [Number(li.dataset.seq), li]));
    sorted.forEach((e, index) => {
      let li = existing.get(e.seq);
      if (!li) {
        li = row(e);
      }
      if (list.children[index] !== li) {
        list.insertBefore(li, list.children[index] || null);
      }
      existing.delete(e.seq);
    });
    for (const li of existing.values()) {
      li.remove();
    }
    list.removeAttribute('aria-busy');
    empty.hidden = sorted.length > 0;
    older.hidden = next === null;
  }

  async function firstPage(reset) {
    const mine = generation;
    const { data } = await get(query());
    if (!view.alive || mine !== generation) {
      return;
    }
    if (reset) {
      events = new Map();
      replace(list);
      next = data.next;
    } else if (events.size === 0) {
      next = data.next;
    }
    for (const e of data.events) {
      events.set(e.seq, e);
    }
    render();
  }

  const form = h('form', {
    class: 'filters', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const f = { kind: kind.value, user: user.value, from: localToInstant(from.value, lock && lock.timeZone), until: localToInstant(until.value, lock && lock.timeZone) };
      if ((from.value && !f.from) || (until.value && !f.until)) {
        app.fail(t('events.filterFormat'));
        return;
      }
      if (f.from && f.until && f.from > f.until) {
        app.fail(t('events.filterOrder'));
        return;
      }
      filters = f;
      generation += 1;
      apply.disabled = true;
      try {
        await firstPage(true);
        app.say(showing(events.size === 0, Boolean(f.kind || f.user || f.from || f.until)));
      } catch (e) {
        app.fail(e, t('events.couldNotLoad'));
      } finally {
        apply.disabled = false;
      }
    },
  },
  field(t('events.kindLabel'), kind), field(t('events.lockUserLabel'), user), field(t('users.from'), from), field(t('users.until'), until),
  h('div', { class: 'filter-apply' }, apply));

  older.addEventListener('click', async () => {
    if (next === null) {
      return;
    }
    older.disabled = true;
    const mine = generation;
    try {
      const { data } = await get(query({ before: next }));
      if (!view.alive || mine !== generation) {
        return;
      }
      for (const e of data.events) {
        events.set(e.seq, e);
      }
      next = data.next;
      render();
      app.say(next === null ? t('events.oldest') : t('events.olderLoaded'));
    } catch (e) {
      app.fail(e, t('events.couldNotLoadOlder'));
    } finally {
      older.disabled = false;
    }
  });

  main.append(head.element,
    h('section', { class: 'card' }, h('h2', { class: 'sr-only' }, t('events.filters')), form),
    h('section', { class: 'card' }, h('h2', { class: 'sr-only' }, t('events.newestFirst')), list, empty,
      h('div', { class: 'center' }, older)));

  let usersKey = '';
  view.every(1500, async () => {
    const fresh = await loadLock(lockId);
    if (!view.alive) {
      return;
    }
    lock = fresh;
    head.setLock(lock);
    const users = (lock.reported && lock.reported.users) || [];
    const key = JSON.stringify(users.map((u) => [u.id, u.name]));
    if (key !== usersKey) {
      usersKey = key;
      const chosen = user.value;
      replace(user, h('option', { value: '' }, t('events.allUsers')),
        users.map((u) => h('option', { value: String(u.id) }, u.name)));
      user.value = chosen;
    }
    await firstPage(false);
  });
}

/** The status line after filtering: none or the newest, of all events or of those that match. */
function showing(none, filtered) {
  if (none) {
    return filtered ? t('events.showingNoneMatch') : t('events.showingNone');
  }
  return filtered ? t('events.showingNewestMatch') : t('events.showingNewest');
}

// How the lock writes who asked, a visitor passcode's id and a Bluetooth key (lock/core/Event.java):
// the words shown come from the cloud's names (e.names, issue 14), never these codes.
// issue 15: a device grant's session adds ", device grant" to the role, a device-signed command
// ", device <its 22-character id>"; both belong to who asked, not to what changed
const ACCOUNT = /(?:^|,\s*)account ([^\s,:()]+@[^\s,:()]+)(?:\s*\((?:OWNER|MANAGER|MEMBER|VISITOR)(?:, device grant)?\))?(?:,\s*device [A-Za-z0-9_-]{22})?:?\s*/;
const VISITOR_CODE = /^(ONE_TIME|PERIODIC)\/\d+\/\d+$/;

/**
 * An event in people's words: sub (how and who), why (the refusal or alarm), detail (what changed).
 * Names come from the cloud (e.names: the lock user, the account that asked, the visitor, the
 * credential); without one, the lock's own name for it, never a raw code.
 */
export function eventWords(e, namer) {
  const names = e.names || {};
  const sub = [];
  if (e.method) {
    sub.push(words.method(e.method));
  }
  let detail = e.detail || '';
  let account = null;
  const asked = ACCOUNT.exec(detail);
  if (asked) {
    account = names.account || asked[1];
    detail = (detail.slice(0, asked.index) + detail.slice(asked.index + asked[0].length)).trim();
  } else if (names.account) {
    account = names.account;
  }
  if (names.visitor) {
    sub.push(t('events.visitor', { name: names.visitor }));
  } else if (VISITOR_CODE.test(detail)) {
    sub.push(t('events.visitorUnnamed'));
  }
  if (VISITOR_CODE.test(detail)) {
    detail = '';
  }
  if (e.user) {
    sub.push(names.user || namer(e.user));
  }
  // a Bluetooth key's or a device grant's id names nobody: its holder's account is shown instead (issue 15)
  if (e.credential && !/^(bluetooth-key|grant):/.test(String(e.credential))) {
    sub.push(names.credential ? `“${names.credential}”` : credentialWords(e.credential));
  }
  if (account) {
    sub.push(e.kind === 'UNLOCK' || e.kind === 'LOCK' ? account : t('events.askedBy', { name: account }));
  }
  // a refusal's reason as a sentence beside the "Refused" badge (issue 14: not "Refused: visitor used")
  const why = e.alarm ? words.alarm(e.alarm) : e.reason ? words.reason(e.reason) : '';
  return { sub: sub.join(' · '), why, detail: detailText(e.kind, detail) };
}

/** "fingerprint-2" as "Fingerprint 2" when it has no name yet. */
function credentialWords(id) {
  const m = /^(face|fingerprint|passcode)-(\d+)$/.exec(id);
  return m ? `${words.credentialKind(m[1].toUpperCase())} ${m[2]}` : id;
}

/** An owner device in DEVICE_BOUND / DEVICE_REMOVED (trust design §6): deviceId, name, and who removed it. */
const OWNER_DEVICE = /^([A-Za-z0-9_-]{22}) (.+?)(?:, by device ([A-Za-z0-9_-]{22}))?$/;

/** What changed, in words: a setting's new value, the new user's role, an automatic relock, an owner device. */
function detailText(kind, detail) {
  if (!detail) {
    return '';
  }
  const setting = kind === 'SETTING_CHANGED' && /^([A-Z_]+)=(.*)$/.exec(detail);
  if (setting) {
    return `${words.settingLabel(setting[1])} → ${words.settingValue(setting[1], setting[2])}`;
  }
  if (detail === 'AUTO_RELOCK') {
    return t('events.autoRelock');
  }
  if (kind === 'USER_ADDED' && /^(ADMINISTRATOR|USER)$/.test(detail)) {
    return t('events.asRole', { role: words.lockRole(detail).toLowerCase() });
  }
  const device = OWNER_DEVICE.exec(detail);
  if ((kind === 'DEVICE_BOUND' || kind === 'DEVICE_REMOVED') && device) {
    // the lock writes "<deviceId> <name>[, by device <deviceId>]": people compare fingerprints, not ids
    const named = t('events.ownerDevice', { name: device[2], fingerprint: fingerprintOf(device[1]) });
    return device[3] ? t('events.ownerDeviceRemovedBy', { device: named, by: fingerprintOf(device[3]) }) : named;
  }
  // anything else the lock wrote for people (a remote controller's name): readable, never a bare code
  return /^[A-Z_]+$/.test(detail) ? words.reason(detail) : detail;
}

// ---------------------------------------------------------------- alerts

export function renderAlerts(main, params, view) {
  const list = h('ul', { id: 'alert-list', class: 'alert-list', 'aria-live': 'polite', 'aria-busy': 'true' });
  const empty = h('p', { class: 'muted', hidden: true }, t('events.alerts.none'));
  const readAll = h('button', { id: 'alerts-read-all', type: 'button', class: 'btn btn-secondary' }, t('events.alerts.readAll'));
  const alerts = new Map();

  function item(a) {
    const mark = a.read ? null : h('button', {
      id: `alert-read-${a.id}`, type: 'button', class: 'btn btn-small btn-ghost',
      onclick: async (event) => {
        event.currentTarget.disabled = true;
        try {
          await post(`/api/alerts/${seg(a.id)}/read`);
          a.read = true;
          render();
          app.refreshUnread();
        } catch (e) {
          app.fail(e, t('events.alerts.couldNotRead'));
          event.target.disabled = false;
        }
      },
    }, t('events.alerts.read'));
    return h('li', { 'data-alert': a.id, class: `alert-item ${a.read ? 'read' : 'unread'} kind-${(a.kind || '').toLowerCase()}` },
      h('span', { class: 'alert-dot', 'aria-hidden': 'true' }),
      h('span', { class: 'alert-main' },
        h('span', { class: 'alert-title' }, words.alarm(a.kind), a.read ? null : h('span', { class: 'sr-only' }, t('events.alerts.unread'))),
        h('span', { class: 'muted' },
          h('a', { href: `#/lock/${a.lockId}/events` }, a.lockName || t('events.alerts.lock')),
          ` · ${dateTime(a.at)}${a.user ? ` · ${(a.names && a.names.user) || t('events.lockUser', { id: a.user })}` : ''}`),
        snapshot(a)),
      mark);
  }

  /** D8: a doorbell alert's picture; the cloud waits a moment for one still on its way. */
  function snapshot(a) {
    if (!a.snapshot) {
      return null;
    }
    const image = h('img', { id: `alert-snapshot-${a.id}`, class: 'alert-snapshot', src: a.snapshot, alt: t('events.alerts.snapshot') });
    image.addEventListener('error', () => {
      image.replaceWith(h('span', { class: 'muted' }, t('events.alerts.noPicture')));
    });
    return image;
  }

  function render() {
    const sorted = [...alerts.values()].sort((x, y) => String(y.raisedAt).localeCompare(String(x.raisedAt)));
    replace(list, sorted.map(item));
    list.removeAttribute('aria-busy');
    empty.hidden = sorted.length > 0;
    readAll.disabled = !sorted.some((a) => !a.read);
  }

  readAll.addEventListener('click', async () => {
    readAll.disabled = true;
    try {
      await post('/api/alerts/read-all');
      for (const a of alerts.values()) {
        a.read = true;
      }
      render();
      app.refreshUnread();
      app.say(t('events.alerts.allRead'));
    } catch (e) {
      app.fail(e, t('events.alerts.couldNotReadAll'));
      readAll.disabled = false;
    }
  });

  main.append(
    h('div', { class: 'page-head row between' }, h('h1', {}, t('events.alerts.title')), readAll),
    h('section', { class: 'card' }, list, empty));

  const listener = (a) => {
    alerts.set(a.id, a);
    render();
  };
  app.alertListeners.add(listener);
  view.onCleanup(() => app.alertListeners.delete(listener));

  view.every(10000, async () => {
    const { data } = await get('/api/alerts?limit=100');
    if (!view.alive) {
      return;
    }
    for (const a of data.alerts) {
      alerts.set(a.id, a);
    }
    render();
    app.refreshUnread();
  });
}
