// Accessories (SPEC G1 door sensor, G2 remote controller; H6 "accessories"): paired and removed through
// the lock's management commands; the list is what the lock reports (reported.accessories).
import { del, post, seg } from './api.js';
import { field, h, replace, select, text } from './dom.js';
import { has, t } from './i18n.js';
import { app } from './session.js';
import * as words from './words.js';
import { lockPath, lockAnswer, showAnswer } from './common.js';
import { pairAccessory } from './lock-commands.js';
import { signedFor } from './signing.js';

/** An accessory's kind in words, by the lock's code (unknown codes from a newer lock made readable). */
// keys: accessories.kind.*
const kindName = (code) => (has(`accessories.kind.${code}`) ? t(`accessories.kind.${code}`) : words.accessoryKind(code));

/** How many of each kind a lock takes (SPEC G1, G2; the lock's TOO_MANY_ACCESSORIES beyond). */
// keys: accessory.full.*
const LIMITS = { DOOR_SENSOR: 1, REMOTE_CONTROLLER: 4 };

/** The Settings page's Accessories card; update(lock) on every poll. */
export function accessoriesCard(lockId) {
  const base = lockPath(lockId);
  const kind = select('accessory-kind', [['REMOTE_CONTROLLER', kindName('REMOTE_CONTROLLER')], ['DOOR_SENSOR', kindName('DOOR_SENSOR')]], 'REMOTE_CONTROLLER');
  const name = h('input', { id: 'accessory-name', type: 'text', maxlength: 40, autocomplete: 'off', placeholder: t('accessories.namePlaceholder') });
  const pair = h('button', { id: 'accessory-pair', type: 'submit', class: 'btn btn-primary' }, t('accessories.pair'));
  const list = h('ul', { id: 'accessory-list', class: 'share-list', 'aria-live': 'polite' });
  // what the lock would refuse (TOO_MANY_ACCESSORIES), said before the tap (issue 14 item 2)
  const full = h('p', { id: 'accessory-full', class: 'hint warn', role: 'status', hidden: true });
  let reported = [];
  const showRoom = () => {
    const limit = LIMITS[kind.value];
    const paired = reported.filter((a) => a.kind === kind.value).length;
    const isFull = limit !== undefined && paired >= limit;
    full.hidden = !isFull;
    text(full, isFull ? t(`accessory.full.${kind.value}`, { limit }) : '');
    pair.disabled = isFull;
  };
  kind.addEventListener('change', showRoom);
  const form = h('form', {
    class: 'stack', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const wanted = name.value.trim();
      if (!wanted) {
        app.fail(t('accessories.nameIt'));
        name.focus();
        return;
      }
      pair.disabled = true;
      try {
        const signed = await signedFor(lockId, pairAccessory(kind.value, wanted));
        const result = await lockAnswer(post(`${base}/accessories`, { kind: kind.value, name: wanted }, signed));
        const c = showAnswer(result, t('accessories.what.pair', { kind: kindName(kind.value).toLowerCase(), name: wanted }));
        if (c.status !== 'refused') {
          name.value = '';
        }
      } catch (e) {
        app.fail(e, t('accessories.couldNotPair'));
      } finally {
        showRoom();
      }
    },
  },
  h('p', { class: 'muted' }, t('accessories.intro')),
  h('div', { class: 'grid-2 tight' }, field(t('accessories.kindLabel'), kind), field(t('accessories.name'), name)), full, pair);

  const element = h('section', { class: 'card', id: 'accessories' }, h('h2', {}, t('accessories.title')), list, form);

  function item(a) {
    return h('li', { 'data-accessory': a.id, class: 'share' },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, a.kind === 'DOOR_SENSOR' ? 'D' : 'R'),
      h('span', { class: 'share-main' },
        h('span', { class: 'user-name' }, a.name),
        h('span', { class: 'muted' }, `${kindName(a.kind)} · ${a.id}`)),
      h('span', { class: 'share-actions' },
        h('button', {
          id: `accessory-remove-${a.id}`, type: 'button', class: 'btn btn-small btn-ghost danger-text',
          onclick: async (event) => {
            const button = event.currentTarget;
            button.disabled = true;
            try {
              showAnswer(await lockAnswer(del(`${base}/accessories/${seg(a.id)}`)), t('accessories.what.remove', { name: a.name }));
            } catch (e) {
              app.fail(e, t('accessories.couldNotRemove'));
              button.disabled = false;
            }
          },
        }, t('accessories.remove'))));
  }

  return {
    element,
    update(lock) {
      const accessories = (lock.reported && lock.reported.accessories) || [];
      reported = accessories;
      showRoom();
      const key = accessories.map((a) => `${a.id}:${a.name}`).join('|');
      if (list.dataset.key === key) {
        return;
      }
      list.dataset.key = key;
      replace(list, accessories.length ? accessories.map(item) : h('li', { class: 'muted' }, t('accessories.none')));
    },
  };
}

/** The lock page's line about accessories: "Car remote (remote controller), Front door (door sensor)". */
export function accessoriesText(reported) {
  const accessories = (reported && reported.accessories) || [];
  return accessories.length
    ? accessories.map((a) => t('accessories.item', { name: a.name, kind: kindName(a.kind).toLowerCase() })).join(t('accessories.separator'))
    : t('accessories.nonePaired');
}

