// The panel API of the lock that served this page: same origin, paths relative to the panel's base
// (this module is <base>/panel/api.js, so the API is at <base>/state, <base>/touch, ...).

const BASE = new URL('../', import.meta.url);

/** A 4xx/5xx answer: the lock's reason ({"error": ...}) and the status. */
export class Refusal extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'Refusal';
    this.status = status;
  }
}

/** Every answer carries a ticket taken when its request went out: a later ticket is a newer state. */
let tickets = 0;

async function request(method, path, body) {
  const ticket = ++tickets;
  const init = { method, cache: 'no-store', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(new URL(path, BASE), init);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const reason = json && typeof json.error === 'string' ? json.error : `the lock answered HTTP ${response.status}`;
    throw new Refusal(response.status, reason);
  }
  return { ticket, json };
}

export function getState() {
  return request('GET', 'state');
}

export function getEvents(after) {
  return request('GET', `events?after=${encodeURIComponent(after)}`);
}

/** The pairing QR code as an object URL (the caller revokes it), or null when none is shown. */
export async function getQrImage() {
  const response = await fetch(new URL('qr.png', BASE), { cache: 'no-store' });
  if (!response.ok) {
    return null;
  }
  return URL.createObjectURL(await response.blob());
}

// Actions go out one after another, in the order the person made them.
let queue = Promise.resolve();

/** POSTs an action; resolves to {ticket, json: the new state}, rejects with a Refusal. */
export function act(path, body = {}) {
  const sent = queue.then(() => request('POST', path, body));
  queue = sent.catch(() => undefined);
  return sent;
}
