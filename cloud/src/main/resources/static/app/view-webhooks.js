// Webhooks (issue 12 item 2, docs/webhooks.md): the account's endpoints, each for one lock or for every
// lock it owns or manages; adding one shows its signing secret once; recent attempts with their status,
// "Send test event", enable again after it was disabled, delete.
import { ApiError, del, get, post, seg } from './api.js';
import { canManage } from './common.js';
import { field, h, replace, select, text } from './dom.js';
import { dateTime, language, t } from './i18n.js';
import { app } from './session.js';
import * as words from './words.js';

const BASE = '/api/webhooks';
const PRESET = ['UNLOCK', 'LOCK', 'ALARM', 'DOORBELL'];
const EVENT_KEYS = new Set(words.EVENT_KINDS.map(([code]) => code));

/** A kind an endpoint may ask for, in words: event kinds, single alarms, the lock's presence. */
function kindLabel(kind) {
  if (kind === 'ONLINE') {
    return t('webhooks.kind.ONLINE');
  }
  if (kind === 'OFFLINE') {
    return t('webhooks.kind.OFFLINE');
  }
  if (kind === 'ALARM') {
    return t('webhooks.kind.ALARM');
  }
  return EVENT_KEYS.has(kind) ? words.eventKindName(kind) : words.alarm(kind);
}

/**
 * "1 event waiting" / "3 events waiting": the count's plural category in the app's language (English
 * has one and other, Chinese only other), each a whole sentence with {count} in the tables.
 */
// keys: webhooks.waiting.*
// keys: webhooks.confirmDeleteWaiting.*
function counted(key, count) {
  return t(`${key}.${new Intl.PluralRules(language()).select(count) === 'one' ? 'one' : 'other'}`, { count });
}

/** What a delivery was: the event's kind (ALARM for every alarm), ONLINE / OFFLINE, or TEST. */
function typeLabel(type) {
  if (type === 'TEST') {
    return t('webhooks.testEvent');
  }
  return type === 'ONLINE' || type === 'OFFLINE' ? kindLabel(type) : words.eventKind(type);
}

// keys: webhooks.status.*
const STATUS = {
  active: ['webhooks.status.active', 'badge-ok'],
  failing: ['webhooks.status.failing', 'badge-soon'],
  disabled: ['webhooks.status.disabled', 'badge-bad'],
};

function attemptLine(a) {
  const ok = a.status !== null && a.status >= 200 && a.status < 300;
  const outcome = ok ? `HTTP ${a.status}` : (a.error || (a.status ? `HTTP ${a.status}` : t('webhooks.failedLower')));
  return h('li', { class: `attempt ${ok ? 'ok' : 'bad'}` },
    h('span', { class: `badge ${ok ? 'badge-ok' : 'badge-bad'}` }, ok ? t('webhooks.delivered') : t('webhooks.failed')),
    ' ', h('span', { class: 'attempt-type' }, typeLabel(a.type)),
    a.attempt > 1 ? t('webhooks.attempt', { n: a.attempt }) : '',
    h('span', { class: 'attempt-sub' }, `${dateTime(a.at)} · ${outcome} · ${a.durationMs} ms`));
}

export function renderWebhooks(main, params, view) {
  document.title = t('webhooks.pageTitle');
  let locks = [];
  let kinds = [];

  // ---- the form
  const url = h('input', { id: 'webhook-url', type: 'url', required: true, maxlength: 2000, autocomplete: 'off', placeholder: 'https://example.org/keyward' });
  const lock = select('webhook-lock', [['', t('webhooks.allLocksOption')]], '');
  const description = h('input', { id: 'webhook-description', type: 'text', maxlength: 200, autocomplete: 'off', placeholder: t('webhooks.descriptionPlaceholder') });
  const kindBox = h('fieldset', { class: 'kind-grid', id: 'webhook-kinds' }, h('legend', {}, t('webhooks.eventsToSend')));
  const create = h('button', { id: 'webhook-create', type: 'submit', class: 'btn btn-primary' }, t('webhooks.add'));
  const result = h('section', { id: 'webhook-result', class: 'card result-card', hidden: true, 'aria-live': 'polite', tabindex: '-1' });

  function drawKinds() {
    replace(kindBox, h('legend', {}, t('webhooks.eventsToSend')), kinds.map((kind) =>
      h('div', { class: 'check' },
        h('input', { type: 'checkbox', id: `webhook-kind-${kind}`, value: kind, checked: PRESET.includes(kind) }),
        h('label', { for: `webhook-kind-${kind}` }, kindLabel(kind)))));
  }

  const form = h('form', {
    class: 'stack', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const chosen = [...kindBox.querySelectorAll('input:checked')].map((c) => c.value);
      if (!/^https?:\/\/./i.test(url.value.trim())) {
        app.fail(t('webhooks.enterUrl'));
        url.focus();
        return;
      }
      if (chosen.length === 0) {
        app.fail(t('webhooks.chooseKind'));
        return;
      }
      const body = { url: url.value.trim(), kinds: chosen };
      if (lock.value) {
        body.lockId = lock.value;
      }
      if (description.value.trim()) {
        body.description = description.value.trim();
      }
      create.disabled = true;
      try {
        const { data } = await post(BASE, body);
        if (!view.alive) {
          return;
        }
        showSecret(data);
        url.value = '';
        description.value = '';
        app.say(t('webhooks.added'));
        await refresh();
      } catch (e) {
        if (view.alive) {
          app.fail(e, t('webhooks.notAdded'));
        }
      } finally {
        create.disabled = false;
      }
    },
  },
  field(t('webhooks.url'), url, t('webhooks.urlHint')),
  h('div', { class: 'grid-2' },
    field(t('webhooks.lock'), lock),
    field(t('webhooks.description'), description)),
  kindBox,
  h('div', { class: 'row gap' }, create));

  function showSecret(created) {
    replace(result,
      h('h2', {}, t('webhooks.secret')),
      h('p', { class: 'muted' }, t('webhooks.secretHint')),
      h('div', { class: 'code-box' },
        h('code', { id: 'webhook-secret', class: 'secret' }, created.secret)),
      h('p', { class: 'hint' }, t('webhooks.for', { url: created.webhook.url })));
    result.hidden = false;
    result.focus({ preventScroll: true });
  }

  // ---- the list
  const list = h('ul', { id: 'webhook-list', class: 'webhook-list', 'aria-live': 'polite', 'aria-busy': 'true' });
  const empty = h('p', { class: 'muted', hidden: true }, t('webhooks.none'));
  const confirming = new Set();

  const lockName = (id) => {
    const found = locks.find((l) => l.id === id);
    return found ? (found.name || found.serial) : t('webhooks.aLock');
  };

  async function act(button, path, done, failure) {
    button.disabled = true;
    try {
      const answer = await post(path);
      if (view.alive) {
        done(answer.data);
        await refresh();
      }
    } catch (e) {
      if (view.alive) {
        app.fail(e, failure);
        button.disabled = false;
      }
    }
  }

  function item(w) {
    const [key, css] = STATUS[w.status] || [null, ''];
    const label = key ? t(key) : w.status;
    const actions = h('div', { class: 'row gap wrap webhook-actions' },
      h('button', {
        id: `webhook-test-${w.id}`, type: 'button', class: 'btn btn-secondary btn-small',
        onclick: (e) => act(e.currentTarget, `${BASE}/${seg(w.id)}/test`, (a) => {
          if (a.status !== null && a.status >= 200 && a.status < 300) {
            app.say(t('webhooks.testDelivered', { status: a.status, ms: a.durationMs }));
          } else {
            app.fail(t('webhooks.testNotTaken', { why: a.error || `HTTP ${a.status}` }));
          }
        }, t('webhooks.testNotSent')),
      }, t('webhooks.sendTest')),
      w.status === 'disabled' ? h('button', {
        id: `webhook-enable-${w.id}`, type: 'button', class: 'btn btn-primary btn-small',
        onclick: (e) => act(e.currentTarget, `${BASE}/${seg(w.id)}/enable`, () => app.say(t('webhooks.enabled')), t('webhooks.notEnabled')),
      }, t('webhooks.enable')) : null,
      h('button', {
        id: `webhook-delete-${w.id}`, type: 'button', class: 'btn btn-ghost btn-small danger-text',
        onclick: () => {
          confirming.add(w.id);
          refresh();
        },
      }, t('users.delete')));
    const confirm = confirming.has(w.id) ? h('div', { class: 'confirm' },
      h('p', {}, w.pending ? counted('webhooks.confirmDeleteWaiting', w.pending) : t('webhooks.confirmDelete')),
      h('div', { class: 'row gap wrap' },
        h('button', {
          id: `webhook-delete-confirm-${w.id}`, type: 'button', class: 'btn btn-danger btn-small',
          onclick: async (event) => {
            event.currentTarget.disabled = true;
            try {
              await del(`${BASE}/${seg(w.id)}`);
              confirming.delete(w.id);
              app.say(t('webhooks.deleted'));
            } catch (e) {
              if (!(e instanceof ApiError && e.status === 404)) {
                app.fail(e, t('webhooks.notDeleted'));
              }
              confirming.delete(w.id);
            }
            if (view.alive) {
              await refresh();
            }
          },
        }, t('users.yesDelete')),
        h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => { confirming.delete(w.id); refresh(); } }, t('users.cancel')))) : null;
    return h('li', { class: 'webhook', 'data-webhook-id': w.id, 'data-status': w.status },
      h('div', { class: 'webhook-head' },
        h('span', { class: 'webhook-url' }, w.url),
        h('span', { class: `badge ${css}` }, label)),
      h('p', { class: 'webhook-sub' },
        `${w.lockId ? lockName(w.lockId) : t('webhooks.allLocks')} · ${w.kinds.map(kindLabel).join(t('webhooks.separator'))}`,
        w.description ? ` · ${w.description}` : ''),
      w.status === 'disabled' && w.disabledReason ? h('p', { class: 'note' }, t('webhooks.disabledBecause', { reason: w.disabledReason })) : null,
      w.pending ? h('p', { class: 'webhook-sub' }, counted('webhooks.waiting', w.pending)) : null,
      w.recentAttempts.length
        ? h('ul', { class: 'attempts', 'aria-label': t('webhooks.recent') }, w.recentAttempts.slice(0, 5).map(attemptLine))
        : h('p', { class: 'webhook-sub' }, t('webhooks.nothingSent')),
      actions, confirm);
  }

  async function refresh() {
    const { data } = await get(BASE);
    if (!view.alive) {
      return;
    }
    if (kinds.length === 0) {
      kinds = data.kinds;
      drawKinds();
    }
    list.removeAttribute('aria-busy');
    empty.hidden = data.webhooks.length > 0;
    replace(list, data.webhooks.map(item));
  }

  main.append(
    h('div', { class: 'page-head' },
      h('nav', { class: 'crumbs', 'aria-label': t('bluetooth.breadcrumb') }, h('a', { href: '#/locks' }, t('nav.locks'))),
      h('h1', {}, t('webhooks.title'))),
    h('section', { class: 'card' },
      h('h2', {}, t('webhooks.addTitle')),
      h('p', { class: 'muted' }, t('webhooks.intro')),
      form),
    result,
    h('section', { class: 'card' }, h('h2', {}, t('webhooks.yours')), empty, list));

  (async () => {
    try {
      const { data } = await get('/api/locks');
      if (!view.alive) {
        return;
      }
      locks = data.filter(canManage); // webhooks per lock: owners and managers (one spelling of roles, OWNER)
      locks.forEach((l) => lock.append(h('option', { value: l.id }, l.name || l.serial)));
    } catch (e) {
      if (view.alive) {
        app.fail(e, t('webhooks.couldNotLoadLocks'));
      }
    }
  })();
  view.every(5000, refresh);
}
