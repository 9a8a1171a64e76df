// Live view (SPEC H7): the door camera's stream, relayed by the cloud as MJPEG into an img element.
// Refused with the lock's reason below 20 % battery (D3) and at once while the lock is offline.
import { ApiError, post } from './api.js';
import { h, text } from './dom.js';
import { has, t } from './i18n.js';
import { app } from './session.js';
import * as words from './words.js';
import { loadLock, lockPath, pageHead } from './common.js';

/** A refusal's words by the lock's code: the live view's own, else the refusal table's. */
// keys: live.refusal.*
const why = (code, cloudWords) => (has(`live.refusal.${code}`) ? t(`live.refusal.${code}`) : words.refusal(code, cloudWords));

/** While watching, ask again this often: it keeps the stream going and learns of a refusal (battery). */
const KEEP_ALIVE_MS = 15000;

export function renderLive(main, [lockId], view) {
  const head = pageHead(lockId, t('live.title'));
  const image = h('img', { id: 'live-view', class: 'live-view', alt: t('live.alt'), hidden: true });
  const placeholder = h('div', { class: 'live-placeholder', 'aria-hidden': 'true' }, h('span', { class: 'live-icon' }));
  const status = h('p', { id: 'live-status', class: 'muted', role: 'status' }, t('live.connecting'));
  const refusal = h('p', { id: 'live-refusal', class: 'live-refusal', role: 'alert', hidden: true });
  const again = h('button', { id: 'live-start', type: 'button', class: 'btn btn-primary', hidden: true }, t('live.again'));
  const stop = h('button', { id: 'live-stop', type: 'button', class: 'btn btn-secondary', hidden: true }, t('live.stop'));
  let keepAlive = null;

  function close(why) {
    clearInterval(keepAlive);
    keepAlive = null;
    image.removeAttribute('src'); // ends the stream: the cloud stops the lock when nobody watches
    image.hidden = true;
    placeholder.hidden = false;
    stop.hidden = true;
    again.hidden = false;
    text(status, why);
  }

  function refused(e) {
    // the cloud's words end with the lock's code, "(UNPOWERED)": the table's words instead (issue 14);
    // the live view's own refusals (LOW_BATTERY, D3) and "lock offline" in the reader's language
    const said = e instanceof ApiError ? e.reason : String(e);
    const coded = /^(.*) \(([A-Z_]+)\)$/.exec(said);
    const offline = e instanceof ApiError && e.reason === 'lock offline';
    refusal.hidden = false;
    text(refusal, t('live.unavailable', { reason: offline ? t('live.lockOffline') : coded ? why(coded[2], coded[1]) : said }));
    close(offline ? t('live.offline') : t('live.notStreaming'));
  }

  async function start() {
    again.hidden = true;
    refusal.hidden = true;
    text(status, t('live.connecting'));
    try {
      const { data } = await post(`${lockPath(lockId)}/live`);
      if (!view.alive) {
        return;
      }
      image.src = `${data.stream}?t=${Date.now()}`;
      image.hidden = false;
      placeholder.hidden = true;
      stop.hidden = false;
      text(status, t('live.live'));
      clearInterval(keepAlive);
      keepAlive = setInterval(async () => {
        try {
          await post(`${lockPath(lockId)}/live`);
        } catch (e) {
          if (view.alive) {
            refused(e);
          }
        }
      }, KEEP_ALIVE_MS);
    } catch (e) {
      if (view.alive) {
        refused(e);
      }
    }
  }

  again.addEventListener('click', start);
  stop.addEventListener('click', () => close(t('live.stopped')));
  view.onCleanup(() => {
    clearInterval(keepAlive);
    image.removeAttribute('src');
  });

  main.append(head.element,
    h('section', { class: 'card live-card' },
      h('div', { class: 'live-frame' }, image, placeholder),
      status, refusal,
      h('div', { class: 'row gap' }, again, stop),
      h('p', { class: 'hint' }, t('live.hint'))));

  loadLock(lockId).then((lock) => {
    if (view.alive) {
      head.setLock(lock);
      document.title = t('live.pageTitle', { lock: lock.name || lock.serial });
    }
  }).catch((e) => app.fail(e));
  start();
}
