// Building the page without innerHTML: every text goes in as a text node, so data is never markup.

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
    throw new Error('a field needs an id for its label');
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

/** datetime-local value (local time) → ISO instant, or null when empty. */
export function localToInstant(value) {
  if (!value) {
    return null;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** ISO instant → datetime-local value (local time), or '' when none. */
export function instantToLocal(value) {
  if (!value) {
    return '';
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const dateShort = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An instant in the reader's words, or an em dash. */
export function when(value, short = false) {
  if (!value) {
    return '—';
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : (short ? dateShort : dateTime).format(date);
}
