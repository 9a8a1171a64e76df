// Building the page without innerHTML: every text goes in as a text node, so data is never markup.
import { dateTime, knownZone } from './i18n.js';

// the zone check lives with the date formatters (i18n.js); pages that import it from here keep working
export { knownZone };

/**
 * h('button', {id: 'x', class: 'btn', onclick: fn, disabled: true}, 'text', child, [more])
 * Attributes: on* become listeners; class, for, aria- and data- names are attributes; booleans set or omit;
 * null/undefined/false are skipped. Children: strings/numbers become text nodes, arrays are flattened.
 */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'value' && 'value' in element) {
      element.value = value;
    } else if (name === 'checked') {
      element.checked = Boolean(value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(parent, child);
    } else if (child instanceof Node) {
      parent.appendChild(child);
    } else {
      parent.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces all children of element. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** Sets an element's text only when it changed (so polling does not disturb screen readers). */
export function text(element, value) {
  const next = value === null || value === undefined ? '' : String(value);
  if (element && element.textContent !== next) {
    element.textContent = next;
  }
}

/** A labelled form field: a label above the control, with an optional hint. */
export function field(label, control, hint) {
  if (!control.id) {
    throw new Error('a field needs an id for its label'); // words-lint: not shown (a programming error)
  }
  const hintId = hint ? `${control.id}-hint` : null;
  if (hintId) {
    control.setAttribute('aria-describedby', hintId);
  }
  return h('div', { class: 'field' },
    h('label', { for: control.id }, label),
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null);
}

/** A checkbox with its label to the right. */
export function checkbox(id, label, checked, onchange, extra = {}) {
  const input = h('input', { type: 'checkbox', id, checked, onchange, ...extra });
  return h('div', { class: 'check' }, input, h('label', { for: id }, label));
}

/** <select> with options [value, label]. */
export function select(id, options, value, extra = {}) {
  const element = h('select', { id, ...extra },
    options.map(([v, label]) => h('option', { value: v }, label)));
  if (value !== undefined && value !== null) {
    element.value = value;
  }
  return element;
}

// Dates and times in one time zone per page, the home's (the lock's timeZone, issue 14): a form's
// datetime-local fields are read and written as that zone's wall clock, not the browser's. No zone,
// or one this browser does not know, means the browser's own.

/** Two digits: 7 → "07" (hours, minutes, days of a date). */
export const pad = (n) => String(n).padStart(2, '0');

/** The wall clock of an instant (ms) in a zone: [year, month, day, hour, minute, second]. */
function wallClock(ms, zone) {
  const date = new Date(ms);
  if (!zone) {
    return [date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds()];
  }
  const parts = {};
  new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(date).forEach((p) => { parts[p.type] = Number(p.value); });
  return [parts.year, parts.month, parts.day, parts.hour % 24, parts.minute, parts.second];
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(ms, zone) {
  const whole = Math.floor(ms / 1000) * 1000;
  const [y, mo, d, hh, mi, ss] = wallClock(whole, zone);
  return Date.UTC(y, mo - 1, d, hh, mi, ss) - whole;
}

/** datetime-local value (the zone's wall clock, else the browser's) → ISO instant, or null when empty or wrong. */
export function localToInstant(value, timeZone) {
  if (!value) {
    return null;
  }
  const zone = knownZone(timeZone);
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!zone || !m) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
  // two passes find the offset in force at that wall time (it differs from asUtc's across a change)
  const first = asUtc - offsetAt(asUtc, zone);
  return new Date(asUtc - offsetAt(first, zone)).toISOString();
}

/** ISO instant → datetime-local value (the zone's wall clock, else the browser's), or '' when none. */
export function instantToLocal(value, timeZone) {
  if (!value) {
    return '';
  }
  const ms = new Date(value).getTime();
  if (Number.isNaN(ms)) {
    return '';
  }
  const [y, mo, d, hh, mi] = wallClock(ms, knownZone(timeZone));
  return `${y}-${pad(mo)}-${pad(d)}T${pad(hh)}:${pad(mi)}`;
}

/**
 * An instant in the chosen language's words (i18n.dateTime), in the zone (else the browser's), or an
 * em dash; short leaves out the seconds. Kept for the pages that call it; new code calls dateTime.
 */
export function when(value, short = false, timeZone = undefined) {
  return value ? dateTime(value, timeZone, !short) : '—';
}
