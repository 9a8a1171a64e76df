// The simulated lock's panel in the browser: draws GET /state and drives the panel API of the
// same origin, as a person at the door (front), inside (rear) and at the door leaf would.

import { act, getEvents, getQrImage, getState, Refusal } from './api.js';
import * as voice from './speech.js';
import { bubble, minutesAndSeconds, pairingLeft } from './next-step.js';

const POLL_MS = 700;
const EVENTS_SHOWN = 30;
const HOLD_AFTER_MS = 1000; // a key held this long is a hold, not a press

const $ = (id) => document.getElementById(id);

const view = {
  ticket: 0,          // the newest state drawn (see api.js)
  state: null,
  prompts: null,      // the prompts drawn last; null until the first state (then nothing is spoken)
  promptsKey: null,
  qr: null,           // the QR text whose image is shown
  qrUrl: null,
  door: 'CLOSED',     // where the leaf was last put, for a lock body without a door sensor
  clockOffset: 0,     // the lock's time minus the page's when its time last moved: the bubble ticks between steps
  stateTime: null,
};

const log = { lastSeq: 0, events: [], key: null };

// ------------------------------------------------------------------------------------ helpers

function clock(iso) {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso)
      : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) {
    e.className = className;
  }
  if (text !== undefined && text !== null) {
    e.textContent = text;
  }
  return e;
}

function setText(id, text) {
  const e = $(id);
  if (e.textContent !== text) {
    e.textContent = text;
  }
}

function show(id, visible) {
  $(id).hidden = !visible;
}

function words(constant) {
  return String(constant || '').toLowerCase().replaceAll('_', ' ');
}

function duration(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// ------------------------------------------------------------------------------------ errors

function showError(error) {
  const message = error instanceof Refusal ? error.message
      : `The lock did not answer (${error && error.message ? error.message : error}).`;
  setText('error', message);
  show('toast', true);
}

function clearError() {
  show('toast', false);
  setText('error', '');
}

// ------------------------------------------------------------------------------------ drawing

function render(result) {
  if (!result || !result.json || result.ticket < view.ticket) {
    return; // an older answer overtaken by a newer one
  }
  view.ticket = result.ticket;
  const s = result.json;
  view.state = s;
  // the state's time is the lock's clock when it last stepped (it stays put while the lock is idle):
  // the page's own clock runs on from there, so a prompt gives way and the countdown runs
  if (s.time !== view.stateTime) {
    view.stateTime = s.time;
    const lockTime = Date.parse(s.time);
    view.clockOffset = Number.isFinite(lockTime) ? lockTime - Date.now() : 0;
  }

  setText('serial', s.serial);
  document.title = `${s.serial} · Keyward lock panel`;
  setText('clock', clock(s.time));
  drawOnline(s.online);
  drawBattery(s.battery);
  drawFront(s);
  drawPrompts(s.prompts || [], s.muted);
  drawBanners(s);
  drawRear(s);
  drawDoor(s);
  drawAccessories(s);
  drawDevices(s);
  drawBluetooth(s);
  drawModes(s);
}

/** The simulated radio (docs/bluetooth.md): whether phones are in range, and the open connections. */
function drawBluetooth(s) {
  const b = s.bluetooth || { inRange: true, connections: 0 };
  $('bluetooth-range').checked = Boolean(b.inRange);
  setText('bluetooth-connections', `${b.connections} connection${b.connections === 1 ? '' : 's'}`);
}

/** G1, G2: a button per paired remote controller (id remote-<accessory id>), and the door sensor if any. */
function drawAccessories(s) {
  const list = s.accessories || [];
  const key = list.map((a) => `${a.id}:${a.name}`).join('|');
  const box = $('remote-buttons');
  if (box.dataset.key === key) {
    return;
  }
  box.dataset.key = key;
  const items = list.map((a) => {
    if (a.kind !== 'REMOTE_CONTROLLER') {
      return el('span', 'chip chip-plain', `Door sensor: ${a.name}`);
    }
    const button = el('button', 'btn', `Press ${a.name}`);
    button.type = 'button';
    button.id = `remote-${a.id}`;
    button.setAttribute('aria-label', `Press the button of remote controller ${a.name} (${a.id})`);
    button.addEventListener('click', () => run('/remote-controller', { remote: a.id }));
    return button;
  });
  box.replaceChildren(...(items.length ? items : [el('span', 'hint', 'None paired.')]));
}

/** Issue 15: the owner devices the lock bound, by name and fingerprint (ABCD-EFGH, as the app shows it). */
function drawDevices(s) {
  const list = s.devices || [];
  const key = list.map((d) => d.deviceId).join('|');
  const box = $('device-list');
  if (box.dataset.key === key) {
    return;
  }
  box.dataset.key = key;
  const items = list.map((d) => {
    const print = `${d.deviceId.slice(0, 4)}-${d.deviceId.slice(4, 8)}`.toUpperCase();
    const how = d.how === 'DOOR' ? 'at the door' : 'with the pairing QR';
    const item = el('span', 'chip chip-plain', `${d.name} · ${print}`);
    item.title = `Bound ${how}, ${d.boundAt}`;
    return item;
  });
  box.replaceChildren(...(items.length ? items : [el('span', 'hint', 'None bound: the cloud alone manages this lock.')]));
}

function drawOnline(online) {
  const e = $('online');
  e.dataset.online = String(Boolean(online));
  setText('online', online ? 'Online' : 'Offline');
  e.title = online ? 'Connected to the cloud' : 'Not connected to the cloud';
}

function drawBattery(b) {
  const pill = $('battery');
  pill.dataset.low = String(Boolean(b.low));
  pill.dataset.inserted = String(Boolean(b.inserted));
  let text = b.inserted ? `${b.percent}%` : 'No battery';
  if (b.inserted && b.low) {
    text += ' · low';
  }
  if (b.usbPower) {
    text += ' · USB-C';
  }
  setText('battery-text', text);
  $('battery-fill').style.width = `${b.inserted ? Math.max(0, Math.min(100, b.percent)) : 0}%`;
}

function drawFront(s) {
  const front = $('front');
  front.dataset.powered = String(Boolean(s.powered));
  front.dataset.awake = String(Boolean(s.keypad.awake));
  $('face-light').dataset.on = String(Boolean(s.keypad.faceLight));
  setText('screen-text', s.screen.text || '');
  setText('keypad-input', s.keypad.input || '');
  const lit = new Set(s.keypad.lit || []);
  for (const key of document.querySelectorAll('.key[data-key]')) {
    const on = lit.has(key.dataset.key);
    if (key.classList.contains('lit') !== on) {
      key.classList.toggle('lit', on);
    }
  }
  const led = $('low-battery-led');
  led.dataset.on = String(Boolean(s.battery.low));
  led.setAttribute('aria-label', s.battery.low ? 'Low-battery indicator lit' : 'Low-battery indicator off');
  $('usbc').dataset.on = String(Boolean(s.battery.usbPower));
  const usb = $('usb-power');
  usb.setAttribute('aria-pressed', String(Boolean(s.battery.usbPower)));
  setText('usb-power', s.battery.usbPower ? 'Unplug power bank' : 'Connect power bank');
  drawQr(s.screen.qr);
}

function drawQr(qr) {
  if (qr === view.qr) {
    return;
  }
  view.qr = qr;
  const img = $('qr-image');
  if (!qr) {
    img.hidden = true;
    img.removeAttribute('src');
    if (view.qrUrl) {
      URL.revokeObjectURL(view.qrUrl);
      view.qrUrl = null;
    }
    show('pairing', false);
    $('screen').classList.remove('with-qr');
    return;
  }
  setText('qr-text', qr);
  // issue 15: the door's bind QR is for a new owner phone, not for pairing
  setText('qr-text-label', qr.startsWith('keyward://bind') ? 'Bind code (paste it in the new phone\'s app)'
    : 'Pairing code (paste it in the app)');
  show('pairing', true);
  $('screen').classList.add('with-qr');
  getQrImage().then((url) => {
    if (view.qr !== qr) { // the screen changed meanwhile
      if (url) {
        URL.revokeObjectURL(url);
      }
      return;
    }
    if (view.qrUrl) {
      URL.revokeObjectURL(view.qrUrl);
    }
    view.qrUrl = url;
    if (url) {
      img.src = url;
      img.hidden = false;
    }
  }).catch(() => { /* the next poll tries again only if the code changes; the text is shown anyway */ });
}

function promptKey(p) {
  return `${p.at}|${p.id}|${p.silent}|${p.text}`;
}

/** The prompts in now that were not in before: the window slides, the newest are at the end. */
function newPrompts(before, now) {
  if (before === null) {
    return [];
  }
  const a = before.map(promptKey);
  const b = now.map(promptKey);
  for (let overlap = Math.min(a.length, b.length); overlap > 0; overlap--) {
    let same = true;
    for (let i = 0; i < overlap && same; i++) {
      same = a[a.length - overlap + i] === b[i];
    }
    if (same) {
      return now.slice(overlap);
    }
  }
  return now;
}

function drawPrompts(prompts, muted) {
  const key = prompts.map(promptKey).join('\n');
  const fresh = newPrompts(view.prompts, prompts);
  view.prompts = prompts;
  for (const p of fresh.slice(-3)) {
    if (!p.silent) {
      voice.speak(p.text);
    }
  }
  const last = prompts.length ? prompts[prompts.length - 1] : null;
  const lastEl = $('last-prompt');
  drawBubble();
  lastEl.dataset.silent = String(Boolean(last && last.silent));
  if (fresh.length) {
    lastEl.parentElement.classList.remove('speaking');
    void lastEl.parentElement.offsetWidth; // restart the animation
    lastEl.parentElement.classList.add('speaking');
  }
  if (key === view.promptsKey) {
    return;
  }
  view.promptsKey = key;
  const list = $('prompts');
  list.replaceChildren();
  if (!prompts.length) {
    list.append(el('li', 'empty', 'No prompts yet. Touch the keypad to wake the lock.'));
  }
  for (const p of prompts) {
    const li = el('li', p.silent ? 'prompt silent' : 'prompt');
    li.dataset.id = p.id;
    li.append(el('span', 'prompt-text', p.text));
    const meta = el('span', 'prompt-meta', `${clock(p.at)} · ${p.id}`);
    if (p.silent) {
      meta.append(' ', el('span', 'badge', 'silent'));
    }
    li.append(meta);
    list.append(li);
  }
  list.scrollTop = list.scrollHeight;
}

/** The lock's time now, by its last state and the page's clock since. */
function lockNow() {
  return Date.now() + view.clockOffset;
}

/**
 * The speech bubble: the prompt just spoken, then what to do next (next-step.js); the pairing
 * countdown beside the QR. Drawn on every state and every second between them, so the countdown runs.
 */
function drawBubble() {
  const s = view.state;
  if (!s) {
    return;
  }
  const now = lockNow();
  const said = bubble(s, now);
  const lastEl = $('last-prompt');
  setText('last-prompt', said.text);
  lastEl.dataset.id = said.id;
  const action = $('next-action');
  const actions = { NEXT_WAKE_NEW: 'Touch keypad', NEXT_WAKE: 'Touch keypad', NEXT_PAIR: 'Hold SET 3 s',
    NEXT_CREATE_ADMIN: 'Press ✓' };
  const label = actions[said.id];
  action.hidden = !label;
  if (label) {
    setText('next-action', label);
    action.dataset.step = said.id;
  }
  const left = pairingLeft(s, now);
  setText('pairing-countdown', left === null ? ''
      : left > 0 ? `Works for ${minutesAndSeconds(left)} more (until ${clock(s.pairing.expiresAt)}).`
        : 'Expired: hold SET 3 s for a new code.');
}

function nextAction() {
  const step = $('next-action').dataset.step;
  if (step === 'NEXT_PAIR') {
    run('/hold', { button: 'SET', seconds: 3 });
  } else if (step === 'NEXT_CREATE_ADMIN') {
    run('/keys', { keys: ['OK'] });
  } else {
    run('/touch', {});
  }
}

function drawBanners(s) {
  // lockout (SYSTEM_LOCKED): the keypad refuses everyone until `until`
  const lockout = $('lockout');
  if (s.lockout && s.lockout.active) {
    const left = s.lockout.until ? (Date.parse(s.lockout.until) - Date.parse(s.time)) / 1000 : NaN;
    const text = s.lockout.until
        ? `System locked until ${clock(s.lockout.until)}${Number.isFinite(left) ? ` (${duration(left)} left)` : ''}: too many wrong attempts.`
        : 'System locked: too many wrong attempts.';
    setText('lockout', text);
    lockout.hidden = false;
  } else {
    lockout.hidden = true;
    setText('lockout', '');
  }

  const alarms = $('alarms');
  const key = JSON.stringify(s.alarms || []);
  if (alarms.dataset.key !== key) {
    alarms.dataset.key = key;
    alarms.replaceChildren();
    for (const a of s.alarms || []) {
      const li = el('li', a.active ? 'banner banner-danger alarm active' : 'banner alarm ended');
      li.dataset.kind = a.kind;
      li.append(el('strong', null, `${words(a.kind)} alarm`));
      li.append(el('span', 'alarm-meta', `${a.active ? 'active' : 'ended'} · ${clock(a.at)}`));
      alarms.append(li);
    }
    alarms.hidden = !(s.alarms && s.alarms.length);
  }

  const enrolment = $('enrolment');
  const e = s.enrolment;
  if (e) {
    const kinds = { FINGERPRINT: ['Fingerprint', 'press'], FACE: ['Face', 'pose'], PASSCODE: ['Passcode', 'entry'] };
    const [what, step] = kinds[e.kind] || [words(e.kind), 'step'];
    const who = e.user === null || e.user === undefined ? 'the first administrator' : `user ${e.user}`;
    const text = `${what} for ${who}${e.duress ? ' (duress)' : ''}: ${step} ${e.step} of ${e.steps}`;
    const k = `${text}`;
    if (enrolment.dataset.key !== k) {
      enrolment.dataset.key = k;
      enrolment.replaceChildren(el('span', 'enrolment-text', text));
      const bar = el('span', 'steps');
      bar.setAttribute('aria-hidden', 'true');
      for (let i = 1; i <= e.steps; i++) {
        bar.append(el('span', i < e.step ? 'step done' : i === e.step ? 'step now' : 'step'));
      }
      enrolment.append(bar);
    }
    enrolment.hidden = false;
  } else {
    enrolment.hidden = true;
    enrolment.dataset.key = '';
    enrolment.replaceChildren();
  }
}

function drawRear(s) {
  $('handle-visual').dataset.lifted = String(Boolean(s.lockedFromInside));
  setText('inside-lock', s.lockedFromInside ? 'Locked from inside: the handle is lifted.' : 'Not locked from inside.');
  const bay = $('bay');
  bay.dataset.inserted = String(Boolean(s.battery.inserted));
  bay.dataset.low = String(Boolean(s.battery.low));
  $('cell-fill').style.height = `${Math.max(0, Math.min(100, s.battery.percent))}%`;
  setText('cell-label', `${s.battery.percent}%`);
  const slider = $('battery-percent');
  if (document.activeElement !== slider && !slider.matches(':active')) {
    slider.value = String(s.battery.percent);
    setText('battery-percent-out', `${s.battery.percent}%`);
  }
}

function drawDoor(s) {
  const door = s.door === 'UNKNOWN' ? view.door : s.door;
  if (s.door !== 'UNKNOWN') {
    view.door = s.door;
  }
  const doorway = $('doorway');
  doorway.dataset.door = door;
  doorway.dataset.bolt = s.bolt;
  const bolt = $('bolt-state');
  bolt.dataset.bolt = s.bolt;
  setText('bolt-state', s.bolt);
  setText('door-state', s.door === 'UNKNOWN' ? 'NO SENSOR' : s.door);
  $('door-state').title = s.door === 'UNKNOWN' ? 'The lock body has no door sensor and no door sensor is paired' : '';
  const toggle = $('door-toggle');
  const opening = door !== 'OPEN';
  setText('door-toggle', opening ? 'Open door' : 'Close door');
  toggle.setAttribute('aria-label', opening ? 'Open the door' : 'Close the door');
  drawMotor(s.motor);
}

/** Issue 12: JAMMED once the motor gave up; the two simulated causes as pressed toggles. */
function drawMotor(motor) {
  if (!motor) {
    return;
  }
  setText('motor-state', motor.jammed ? 'JAMMED' : motor.motorJammed ? 'STUCK' : 'FREE');
  $('motor-jam').setAttribute('aria-pressed', String(motor.motorJammed));
  setText('motor-jam', motor.motorJammed ? 'Free motor' : 'Jam motor');
  $('door-press').setAttribute('aria-pressed', String(motor.doorPressed));
  setText('door-press', motor.doorPressed ? 'Let go of door' : 'Press door against bolt');
}

function drawModes(s) {
  $('mode-privacy').dataset.on = String(Boolean(s.modes.privacy));
  $('mode-leaving').dataset.on = String(Boolean(s.modes.leavingHome));
  $('mode-muted').dataset.on = String(Boolean(s.muted));
}

function drawEvents() {
  const key = log.events.map((e) => e.seq).join(',');
  if (key === log.key) {
    return;
  }
  log.key = key;
  const list = $('events');
  list.replaceChildren();
  if (!log.events.length) {
    list.append(el('li', 'empty', 'Nothing logged yet.'));
  }
  for (const e of [...log.events].reverse()) {
    const li = el('li', 'event');
    li.dataset.kind = e.kind;
    if (e.result) {
      li.dataset.result = e.result;
    }
    li.append(el('span', 'event-time', clock(e.at)));
    li.append(el('span', 'event-kind', e.kind));
    const parts = [];
    if (e.method) parts.push(words(e.method));
    if (e.result) parts.push(e.result === 'OK' ? 'ok' : words(e.result));
    if (e.user !== null && e.user !== undefined) parts.push(`user ${e.user}`);
    if (e.credential) parts.push(e.credential);
    if (e.reason) parts.push(words(e.reason));
    if (e.alarm) parts.push(words(e.alarm));
    if (e.detail) parts.push(e.detail);
    li.append(el('span', 'event-detail', parts.join(' · ')));
    li.title = `#${e.seq}`;
    list.append(li);
  }
}

// ------------------------------------------------------------------------------------ live

function setConnected(ok) {
  show('connection', !ok);
  document.body.classList.toggle('disconnected', !ok);
}

async function pollEvents() {
  // ask from one before the newest we hold: if that one is gone, the log started over (factory reset)
  const after = Math.max(0, log.lastSeq - 1);
  const { json } = await getEvents(after);
  let events;
  if (log.lastSeq > 0 && !(json.length && json[0].seq === log.lastSeq)) {
    events = (await getEvents(0)).json.slice(-EVENTS_SHOWN);
  } else {
    const fresh = log.lastSeq > 0 ? json.slice(1) : json;
    events = log.events.concat(fresh).slice(-EVENTS_SHOWN);
  }
  log.events = events;
  log.lastSeq = events.length ? events[events.length - 1].seq : 0;
  drawEvents();
}

async function poll() {
  try {
    render(await getState());
    await pollEvents();
    setConnected(true);
  } catch (e) {
    setConnected(false);
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

/** One action: its answer is drawn at once; a refusal is said, never swallowed. */
let busy = 0;

function setBusy(delta) {
  busy += delta;
  document.body.classList.toggle('busy', busy > 0);
  document.body.setAttribute('aria-busy', String(busy > 0));
}

async function run(path, body) {
  clearError();
  setBusy(1);
  try {
    render(await act(path, body));
    pollEvents().catch(() => undefined);
    return true;
  } catch (e) {
    showError(e);
    return false;
  } finally {
    setBusy(-1);
  }
}

// ------------------------------------------------------------------------------------ wiring

function chosen(selectId, otherId, what) {
  const select = $(selectId);
  const name = select.value || $(otherId).value.trim();
  if (!name) {
    showError(new Refusal(400, `Type a ${what} name first.`));
    $(otherId).focus();
    return null;
  }
  return name;
}

function wireOther(selectId, otherId) {
  const select = $(selectId);
  const other = $(otherId);
  select.addEventListener('change', () => {
    other.hidden = select.value !== '';
    if (!other.hidden) {
      other.focus();
    }
  });
}

function wireKeys() {
  for (const button of document.querySelectorAll('.key[data-key]')) {
    const key = button.dataset.key;
    let downAt = 0;
    let timer = 0;
    const reset = () => {
      downAt = 0;
      clearTimeout(timer);
      button.classList.remove('holding');
    };
    button.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) {
        return;
      }
      downAt = performance.now();
      clearTimeout(timer);
      timer = setTimeout(() => button.classList.add('holding'), HOLD_AFTER_MS);
    });
    button.addEventListener('pointercancel', reset);
    button.addEventListener('pointerleave', reset);
    button.addEventListener('contextmenu', (e) => e.preventDefault()); // a long touch is a hold, not a menu
    button.addEventListener('click', () => {
      const held = downAt ? performance.now() - downAt : 0;
      reset();
      if (held >= HOLD_AFTER_MS) {
        run('/hold', { key, seconds: Math.min(60, Math.round(held / 100) / 10) });
      } else {
        run('/keys', { keys: [key] });
      }
    });
  }
  // digits typed on a keyboard press the keypad's digits (not while typing in a field)
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || !/^[0-9]$/.test(e.key)) {
      return;
    }
    if (e.target instanceof HTMLElement && e.target.closest('input, select, textarea, [contenteditable="true"]')) {
      return;
    }
    e.preventDefault();
    const button = $(`key-${e.key}`);
    button.classList.add('pressed');
    setTimeout(() => button.classList.remove('pressed'), 150);
    run('/keys', { keys: [e.key] });
  });
}

function wireFront() {
  $('touch').addEventListener('click', () => run('/touch', {}));
  $('next-action').addEventListener('click', nextAction);
  $('key-hold').addEventListener('click', () => run('/hold', { key: $('hold-key').value, seconds: 3 }));

  wireOther('finger-select', 'finger-other');
  const quality = $('finger-quality');
  const showQuality = () => { $('finger-quality-out').textContent = Number(quality.value).toFixed(2); };
  quality.addEventListener('input', showQuality);
  showQuality();
  $('finger-press').addEventListener('click', async () => {
    const finger = chosen('finger-select', 'finger-other', 'finger');
    if (finger) {
      const reader = $('reader');
      reader.classList.add('pressed');
      await run('/finger', { finger, quality: Number(quality.value) });
      setTimeout(() => reader.classList.remove('pressed'), 250);
    }
  });

  wireOther('face-select', 'face-other');
  $('face-show').addEventListener('click', () => {
    const face = chosen('face-select', 'face-other', 'face');
    if (face) {
      run('/face', { face, pose: $('pose-select').value, obstructed: $('face-cover').checked });
    }
  });
  $('face-away').addEventListener('click', () => run('/face', { face: null }));

  $('mech-original').addEventListener('click', () => run('/mechanical-key', { key: 'original' }));
  $('mech-wrong').addEventListener('click', () => run('/mechanical-key', { key: 'wrong-key' }));
  $('usb-power').addEventListener('click', () => {
    const connected = $('usb-power').getAttribute('aria-pressed') === 'true';
    run('/usb-power', { connected: !connected });
  });
  $('tamper').addEventListener('click', () => run('/tamper', {}));
  const range = $('bluetooth-range');
  range.addEventListener('change', async () => {
    const wanted = range.checked;
    if (!(await run('/bluetooth/range', { inRange: wanted }))) {
      range.checked = !wanted; // refused: as the lock has it
    }
  });

  $('qr-copy').addEventListener('click', copyQr);
}

async function copyQr() {
  const text = $('qr-text').textContent;
  const button = $('qr-copy');
  let copied = false;
  try {
    await navigator.clipboard.writeText(text);
    copied = true;
  } catch {
    // no clipboard API here (or no permission): select the text, and try the old way
    const range = document.createRange();
    range.selectNodeContents($('qr-text'));
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
  }
  button.textContent = copied ? 'Copied' : 'Selected: press Ctrl+C';
  setTimeout(() => { button.textContent = 'Copy'; }, 1800);
}

function wireRear() {
  $('handle-lift').addEventListener('click', () => run('/handle', { action: 'LIFT' }));
  $('handle-push').addEventListener('click', () => run('/handle', { action: 'PUSH' }));
  $('set-hold').addEventListener('click', () => run('/hold', { button: 'SET', seconds: 3 }));
  $('battery-out').addEventListener('click', () => run('/battery', { inserted: false }));
  $('battery-in').addEventListener('click', () => run('/battery', { inserted: true }));
  const percent = $('battery-percent');
  percent.addEventListener('input', () => { $('battery-percent-out').textContent = `${percent.value}%`; });
  percent.addEventListener('change', () => run('/battery', { percent: Number(percent.value) }));
  $('factory-reset').addEventListener('click',
      () => run('/hold', { button: 'SET', seconds: 5, insertBattery: true }));
}

function wireDoor() {
  $('door-toggle').addEventListener('click', async () => {
    const s = view.state;
    const now = s && s.door !== 'UNKNOWN' ? s.door : view.door;
    const wanted = now === 'OPEN' ? 'CLOSED' : 'OPEN';
    if (await run('/door', { state: wanted })) {
      view.door = wanted;
      if (view.state) {
        drawDoor(view.state);
      }
    }
  });
}

function wireMotor() {
  $('motor-jam').addEventListener('click',
      () => run('/motor/jam', { jammed: !(view.state && view.state.motor && view.state.motor.motorJammed) }));
  $('door-press').addEventListener('click',
      () => run('/door/press', { pressed: !(view.state && view.state.motor && view.state.motor.doorPressed) }));
}

function wireChrome() {
  const sound = $('sound');
  sound.checked = false; // off on every load, whatever the browser restored
  if (!voice.available()) {
    sound.disabled = true;
    sound.closest('label').title = 'This browser cannot speak';
  }
  sound.addEventListener('change', () => {
    voice.setSound(sound.checked);
    if (sound.checked && view.prompts && view.prompts.length) {
      const last = view.prompts[view.prompts.length - 1];
      if (!last.silent) {
        voice.speak(last.text);
      }
    }
  });
  $('error-close').addEventListener('click', clearError);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !$('toast').hidden) {
      clearError();
    }
  });
}

wireChrome();
wireKeys();
wireFront();
wireRear();
wireDoor();
wireMotor();
poll();
setInterval(drawBubble, 1000); // the bubble's prompt gives way and the countdown runs between polls
