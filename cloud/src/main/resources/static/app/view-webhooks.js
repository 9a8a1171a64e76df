// Webhooks (issue 12 item 2, docs/webhooks.md): the account's endpoints, each for one lock or for every
// lock it owns or manages; adding one shows its signing secret once; recent attempts with their status,
// "Send test event", enable again after it was disabled, delete.
import { ApiError, del, get, post, seg } from './api.js';
import { canManage } from './common.js';
import { field, h, replace, select, text, when } from './dom.js';
import { app } from './session.js';
import * as words from './words.js';

const BASE = '/api/webhooks';
const PRESET = ['UNLOCK', 'LOCK', 'ALARM', 'DOORBELL'];
const EVENT_KEYS = new Set(words.EVENT_KINDS.map(([code]) => code));

/** A kind an endpoint may ask for, in words: event kinds, single alarms, the lock's presence. */
function kindLabel(kind) {
  if (kind === 'ONLINE') {
    return 'Lock came online';
  }
  if (kind === 'OFFLINE') {
    return 'Lock went offline';
  }
  if (kind === 'ALARM') {
    return 'Any alarm';
  }
  return EVENT_KEYS.has(kind) ? words.eventKindName(kind) : words.alarm(kind);
}

/** What a delivery was: the event's kind (ALARM for every alarm), ONLINE / OFFLINE, or TEST. */
function typeLabel(type) {
  if (type === 'TEST') {
    return 'Test event';
  }
  return type === 'ONLINE' || type === 'OFFLINE' ? kindLabel(type) : words.eventKind(type);
}

const STATUS = {
  active: ['Active', 'badge-ok'],
  failing: ['Failing, retrying', 'badge-soon'],
  disabled: ['Disabled', 'badge-bad'],
};

function attemptLine(a) {
  const ok = a.status !== null && a.status >= 200 && a.status < 300;
  const outcome = ok ? `HTTP ${a.status}` : (a.error || (a.status ? `HTTP ${a.status}` : 'failed'));
  return h('li', { class: `attempt ${ok ? 'ok' : 'bad'}` },
    h('span', { class: `badge ${ok ? 'badge-ok' : 'badge-bad'}` }, ok ? 'Delivered' : 'Failed'),
    ' ', h('span', { class: 'attempt-type' }, typeLabel(a.type)),
    a.attempt > 1 ? ` (attempt ${a.attempt})` : '',
    h('span', { class: 'attempt-sub' }, `${when(a.at, true)} · ${outcome} · ${a.durationMs} ms`));
}

export function renderWebhooks(main, params, view) {
  document.title = 'Webhooks · Keyward';
  let locks = [];
  let kinds = [];

  // ---- the form
  const url = h('input', { id: 'webhook-url', type: 'url', required: true, maxlength: 2000, autocomplete: 'off', placeholder: 'https://example.org/keyward' });
  const lock = select('webhook-lock', [['', 'All my locks (owned or managed)']], '');
  const description = h('input', { id: 'webhook-description', type: 'text', maxlength: 200, autocomplete: 'off', placeholder: 'e.g. Home Assistant' });
  const kindBox = h('fieldset', { class: 'kind-grid', id: 'webhook-kinds' }, h('legend', {}, 'Events to send'));
  const create = h('button', { id: 'webhook-create', type: 'submit', class: 'btn btn-primary' }, 'Add webhook');
  const result = h('section', { id: 'webhook-result', class: 'card result-card', hidden: true, 'aria-live': 'polite', tabindex: '-1' });

  function drawKinds() {
    replace(kindBox, h('legend', {}, 'Events to send'), kinds.map((kind) =>
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
        app.fail('Enter the address that receives the events, starting with https:// or http://.');
        url.focus();
        return;
      }
      if (chosen.length === 0) {
        app.fail('Choose at least one kind of event to send.');
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
        app.say('Webhook added. Copy its secret now: it is not shown again.');
        await refresh();
      } catch (e) {
        if (view.alive) {
          app.fail(e, 'The webhook was not added');
        }
      } finally {
        create.disabled = false;
      }
    },
  },
  field('URL', url, 'Where each event is POSTed as JSON. Redirects are not followed; the receiver must answer within 10 seconds.'),
  h('div', { class: 'grid-2' },
    field('Lock', lock),
    field('Description (optional)', description)),
  kindBox,
  h('div', { class: 'row gap' }, create));

  function showSecret(created) {
    replace(result,
      h('h2', {}, 'Signing secret'),
      h('p', { class: 'muted' }, 'Your receiver checks each delivery’s webhook-signature with this secret (Standard Webhooks). It is shown only now.'),
      h('div', { class: 'code-box' },
        h('code', { id: 'webhook-secret', class: 'secret' }, created.secret)),
      h('p', { class: 'hint' }, `For ${created.webhook.url}`));
    result.hidden = false;
    result.focus({ preventScroll: true });
  }

  // ---- the list
  const list = h('ul', { id: 'webhook-list', class: 'webhook-list', 'aria-live': 'polite', 'aria-busy': 'true' });
  const empty = h('p', { class: 'muted', hidden: true }, 'No webhooks yet.');
  const confirming = new Set();

  const lockName = (id) => {
    const found = locks.find((l) => l.id === id);
    return found ? (found.name || found.serial) : 'a lock';
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
    const [label, css] = STATUS[w.status] || [w.status, ''];
    const actions = h('div', { class: 'row gap wrap webhook-actions' },
      h('button', {
        id: `webhook-test-${w.id}`, type: 'button', class: 'btn btn-secondary btn-small',
        onclick: (e) => act(e.currentTarget, `${BASE}/${seg(w.id)}/test`, (a) => {
          if (a.status !== null && a.status >= 200 && a.status < 300) {
            app.say(`Test event delivered: HTTP ${a.status} in ${a.durationMs} ms.`);
          } else {
            app.fail(`Test event not taken: ${a.error || `HTTP ${a.status}`}.`);
          }
        }, 'The test event was not sent'),
      }, 'Send test event'),
      w.status === 'disabled' ? h('button', {
        id: `webhook-enable-${w.id}`, type: 'button', class: 'btn btn-primary btn-small',
        onclick: (e) => act(e.currentTarget, `${BASE}/${seg(w.id)}/enable`, () => app.say('Enabled again: waiting events are sent now, in order.'), 'Not enabled'),
      }, 'Enable again') : null,
      h('button', {
        id: `webhook-delete-${w.id}`, type: 'button', class: 'btn btn-ghost btn-small danger-text',
        onclick: () => {
          confirming.add(w.id);
          refresh();
        },
      }, 'Delete'));
    const confirm = confirming.has(w.id) ? h('div', { class: 'confirm' },
      h('p', {}, `Delete this webhook? ${w.pending ? `${words.plural(w.pending, 'event', 'events')} waiting for it will not be sent.` : ''}`),
      h('div', { class: 'row gap wrap' },
        h('button', {
          id: `webhook-delete-confirm-${w.id}`, type: 'button', class: 'btn btn-danger btn-small',
          onclick: async (event) => {
            event.currentTarget.disabled = true;
            try {
              await del(`${BASE}/${seg(w.id)}`);
              confirming.delete(w.id);
              app.say('Webhook deleted.');
            } catch (e) {
              if (!(e instanceof ApiError && e.status === 404)) {
                app.fail(e, 'Not deleted');
              }
              confirming.delete(w.id);
            }
            if (view.alive) {
              await refresh();
            }
          },
        }, 'Yes, delete'),
        h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => { confirming.delete(w.id); refresh(); } }, 'Cancel'))) : null;
    return h('li', { class: 'webhook', 'data-webhook-id': w.id, 'data-status': w.status },
      h('div', { class: 'webhook-head' },
        h('span', { class: 'webhook-url' }, w.url),
        h('span', { class: `badge ${css}` }, label)),
      h('p', { class: 'webhook-sub' },
        `${w.lockId ? lockName(w.lockId) : 'All my locks'} · ${w.kinds.map(kindLabel).join(', ')}`,
        w.description ? ` · ${w.description}` : ''),
      w.status === 'disabled' && w.disabledReason ? h('p', { class: 'note' }, `Disabled: ${w.disabledReason}`) : null,
      w.pending ? h('p', { class: 'webhook-sub' }, `${words.plural(w.pending, 'event', 'events')} waiting`) : null,
      w.recentAttempts.length
        ? h('ul', { class: 'attempts', 'aria-label': 'Recent attempts' }, w.recentAttempts.slice(0, 5).map(attemptLine))
        : h('p', { class: 'webhook-sub' }, 'Nothing sent yet.'),
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
      h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/locks' }, 'My locks')),
      h('h1', {}, 'Webhooks')),
    h('section', { class: 'card' },
      h('h2', {}, 'Add a webhook'),
      h('p', { class: 'muted' }, 'Send your locks’ events to your own service as they happen: signed, retried for a day, in order per lock.'),
      form),
    result,
    h('section', { class: 'card' }, h('h2', {}, 'Your webhooks'), empty, list));

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
        app.fail(e, 'Could not load your locks');
      }
    }
  })();
  view.every(5000, refresh);
}
