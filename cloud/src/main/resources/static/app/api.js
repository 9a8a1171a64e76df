// The cloud's REST API over the session cookie (KW_SESSION, HttpOnly, set by POST /api/session).
// Every request that changes state carries X-Keyward: 1; errors are {"error": "<reason>"}.
import { t } from './i18n.js';

/**
 * A refusal or failure from the cloud: status (0 when the network failed), the cloud's reason, and the
 * whole error body (a lock's refusal, 409, also carries the lock's code and the refused command).
 */
export class ApiError extends Error {
  constructor(status, reason, data = null) {
    super(reason);
    this.status = status;
    this.reason = reason;
    this.data = data;
  }
}

let onUnauthorized = () => {};

/** Called with the ApiError whenever a request made while signed in answers 401 (the session ended). */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

/**
 * One request. Resolves to {status, data} for 2xx, rejects with ApiError otherwise.
 * options.signal aborts it; options.quiet401 keeps a 401 from signing the app out (sign-in itself);
 * options.headers adds headers: a device-signed command's Keyward-Device-Command and Keyward-Device-Chain
 * (issue 15, signing.js), an empty value left out (the cloud reads "absent or empty" alike).
 */
export async function request(method, path, body, options = {}) {
  const headers = { Accept: 'application/json' };
  for (const [name, value] of Object.entries(options.headers || {})) {
    if (value) {
      headers[name] = value;
    }
  }
  if (method !== 'GET' && method !== 'HEAD') {
    headers['X-Keyward'] = '1';
  }
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store', signal: options.signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    if (e && e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, t('api.unreachable'));
  }
  let data = null;
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (response.ok) {
    return { status: response.status, data };
  }
  const reason = (data && typeof data.error === 'string' && data.error)
    || `${response.status} ${response.statusText || 'error'}`;
  const error = new ApiError(response.status, reason, data);
  if (response.status === 401 && !options.quiet401) {
    onUnauthorized(error);
  }
  throw error;
}

export const get = (path, options) => request('GET', path, undefined, options);
export const post = (path, body, options) => request('POST', path, body, options);
export const put = (path, body, options) => request('PUT', path, body, options);
export const del = (path, options) => request('DELETE', path, undefined, options);

/** Encodes one path segment. */
export const seg = (value) => encodeURIComponent(String(value));
