// Issue 15, "the cloud alone cannot open a door": this browser as a device the lock trusts, in
// WebCrypto only (docs/trust-trust-app.md; the byte formats are /work/briefs/trust-design.md's, and
// the Java side's io.keyward.protocol.trust reads them).
//
// - The device key is bluetooth.js's P-256 ECDSA key (non-extractable, IndexedDB): one key per browser
//   profile for Bluetooth proofs and for signing grants, revocations and commands (design §1, §2).
// - A second P-256 key, ECDH (WebCrypto cannot use one key for both), the "agree key": the lock seals
//   the visitor secret to it when it binds this device (design §5).
// - The visitor secret, once opened, is kept per lock (by serial) in the same IndexedDB store.
//
// Imports only bluetooth.js, which imports nothing: TrustCrossCheckBrowserTest loads it alone.
import { b64url, deviceKey as bluetoothDeviceKey, fromB64url, stored } from './bluetooth.js';

const subtle = globalThis.crypto && globalThis.crypto.subtle;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const utf8 = (text) => encoder.encode(text);

export const GRANT_PREFIX = 'kwdg1';
export const REVOCATION_PREFIX = 'kwdr1';
export const COMMAND_PREFIX = 'kwdc1';
const GRANT_LABEL = 'keyward-device-grant-v1';
const REVOCATION_LABEL = 'keyward-device-revocation-v1';
const COMMAND_LABEL = 'keyward-device-command-v1';
const BIND_LABEL = 'keyward-bind-v1';
const BIND_REPLY_LABEL = 'keyward-bind-reply-v1';
const LOCK_KEY_LABEL = 'keyward-lock-key-v1';
const SEAL_LABEL = 'keyward-seal-v1';

/** Design §2: a remote unlock lives at most 30 s, any other command at most 7 days (it may wait in the cloud's queue). */
export const MAX_UNLOCK_LIFETIME_MS = 30_000;
export const MAX_LIFETIME_MS = 7 * 24 * 3600_000;
/** What the app asks: an unlock 25 s (a round trip and some clock skew), a management command a day. */
export const UNLOCK_LIFETIME_MS = 25_000;
export const COMMAND_LIFETIME_MS = 24 * 3600_000;
/** An owner device's self-grant: ten years, as the Java DeviceGrant.self. */
const SELF_GRANT_MS = 10 * 365 * 24 * 3600_000;
const MAX_TOKEN = 2048;
const MAX_COMMAND_TOKEN = 4096;
const ROLES = ['OWNER', 'MANAGER', 'MEMBER', 'VISITOR'];

/** Something this module refuses to sign or open: reason is a code (MALFORMED, BAD_REPLY_MAC, NOT_SEALED ...). */
export class TrustError extends Error {
  constructor(reason, message) {
    super(message || reason);
    this.reason = reason;
  }
}

/** Whether this browser can be a device (WebCrypto needs a secure context: https or localhost). */
export const supported = () => Boolean(subtle && globalThis.indexedDB);

// ---- the keys ----

/** The device key as design §1 names it: SPKI DER, b64u. */
export async function deviceKey() {
  return (await bluetoothDeviceKey()).spki;
}

let agreePromise = null;

/** The device's ECDH agree key: {privateKey, publicKey, spki}; made once, private half non-extractable. */
export function agreeKeyPair() {
  if (!agreePromise) {
    agreePromise = (async () => {
      const existing = await stored('agree');
      if (existing && existing.privateKey && existing.spki) {
        return existing;
      }
      const pair = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
      const spki = b64url(new Uint8Array(await subtle.exportKey('spki', pair.publicKey)));
      const agree = { privateKey: pair.privateKey, publicKey: pair.publicKey, spki };
      await stored('agree', agree);
      return agree;
    })().catch((e) => {
      agreePromise = null;
      throw e;
    });
  }
  return agreePromise;
}

/** The agree key, SPKI b64u. */
export async function agreeKey() {
  return (await agreeKeyPair()).spki;
}

/** Design §1: b64u of the first 16 bytes of SHA-256 over the SPKI DER bytes (22 characters). */
export async function deviceIdOf(spkiB64u) {
  const digest = new Uint8Array(await subtle.digest('SHA-256', fromB64url(spkiB64u)));
  return b64url(digest.subarray(0, 16));
}

/** This device's id. */
export async function deviceId() {
  return deviceIdOf(await deviceKey());
}

/** What people compare: the first 8 characters of a deviceId, upper-cased, as ABCD-EFGH. */
export function fingerprintOf(id) {
  const head = String(id).slice(0, 8).toUpperCase();
  return `${head.slice(0, 4)}-${head.slice(4)}`;
}

/** This device's fingerprint. */
export async function fingerprint() {
  return fingerprintOf(await deviceId());
}

// ---- signed tokens (design §2) ----

/** A field of a token: 1..128 characters, no control characters (the lock refuses anything else as MALFORMED). */
function fieldOf(name, value) {
  const text = String(value);
  // eslint-disable-next-line no-control-regex
  if (text.length < 1 || text.length > 128 || /[\u0000-\u001f\u007f-\u009f]/.test(text)) {
    throw new TrustError('MALFORMED', `${name} must be 1 to 128 characters without control characters`); // words-lint: not shown (logs; pages say the reason's words)
  }
  return text;
}

/** A number of a token: plain decimal milliseconds. */
function msOf(name, value) {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new TrustError('MALFORMED', `${name} must be epoch milliseconds`); // words-lint: not shown (logs)
  }
  return String(n);
}

async function signWith(privateKey, payload) {
  return new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, payload));
}

/** prefix.b64u(payload).b64u(r||s): the payload's lines joined by "\n", signed by this device. */
async function token(prefix, lines, max) {
  const payload = utf8(lines.join('\n'));
  const signature = await signWith((await bluetoothDeviceKey()).privateKey, payload);
  const text = `${prefix}.${b64url(payload)}.${b64url(signature)}`;
  if (text.length > max) {
    throw new TrustError('MALFORMED', `the token would be longer than ${max} characters`); // words-lint: not shown (logs)
  }
  return text;
}

/** A token's parts: {prefix, lines, payload, signature}; no signature check (verify does that). */
export function decode(text) {
  const parts = String(text).split('.');
  if (parts.length !== 3 || !parts[1] || !parts[2]) {
    throw new TrustError('MALFORMED', 'not a signed token'); // words-lint: not shown (logs)
  }
  const payload = fromB64url(parts[1]);
  return { prefix: parts[0], payload, lines: decoder.decode(payload).split('\n'), signature: fromB64url(parts[2]) };
}

/** Whether the token's signature is the ECDSA of the device whose SPKI (b64u) is given. */
export async function verify(text, signerSpki) {
  const { payload, signature } = decode(text);
  const key = await subtle.importKey('spki', fromB64url(signerSpki), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  return subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, payload);
}

/**
 * kwdc1: a command this device signs for the lock with this serial. commandJson is the LockCommand's
 * JSON exactly as LockCommands reads it (lock-commands.js builds it), one line. Answers
 * {token, commandId, issuedAt, expiresAt}.
 */
export async function signCommand(serial, commandJson, lifetimeMs = COMMAND_LIFETIME_MS, now = Date.now()) {
  const json = typeof commandJson === 'string' ? commandJson : JSON.stringify(commandJson);
  if (!json || /[\n\r]/.test(json)) {
    throw new TrustError('MALFORMED', 'a command is one line of JSON'); // words-lint: not shown (logs)
  }
  const max = /"type"\s*:\s*"REMOTE_UNLOCK"/.test(json) ? MAX_UNLOCK_LIFETIME_MS : MAX_LIFETIME_MS;
  if (!(lifetimeMs > 0) || lifetimeMs > max) {
    throw new TrustError('BAD_VALIDITY', `a command lives at most ${max} ms`); // words-lint: not shown (logs)
  }
  const commandId = crypto.randomUUID();
  const issuedAt = Math.floor(now);
  const expiresAt = issuedAt + Math.floor(lifetimeMs);
  const text = await token(COMMAND_PREFIX, [COMMAND_LABEL, fieldOf('serial', serial), commandId, msOf('issuedAt', issuedAt),
    msOf('expiresAt', expiresAt), await deviceId(), json], MAX_COMMAND_TOKEN);
  return { token: text, commandId, issuedAt, expiresAt };
}

/**
 * kwdg1: a grant this device signs. g = {serial, holderKey (SPKI b64u), account, role, validFrom,
 * validUntil (ms), grantId? (a fresh uuid when absent), issuedAt? (now)}. Answers the token.
 */
export async function grant(g) {
  if (!ROLES.includes(g.role)) {
    throw new TrustError('MALFORMED', 'role must be OWNER, MANAGER, MEMBER or VISITOR'); // words-lint: not shown (logs)
  }
  if (!(Number(g.validUntil) > Number(g.validFrom))) {
    throw new TrustError('BAD_VALIDITY', 'a grant must end after it starts'); // words-lint: not shown (logs)
  }
  return token(GRANT_PREFIX, [GRANT_LABEL, fieldOf('serial', g.serial), g.grantId || crypto.randomUUID(),
    fieldOf('holder', g.holderKey), fieldOf('account', g.account), g.role, msOf('validFrom', g.validFrom),
    msOf('validUntil', g.validUntil), msOf('issuedAt', g.issuedAt ?? Date.now()), await deviceId()], MAX_TOKEN);
}

/** An owner device's self-grant (design §2): holder and signer this device, role OWNER, ten years from now. */
export async function selfGrant(serial, account, now = Date.now()) {
  return grant({ serial, holderKey: await deviceKey(), account, role: 'OWNER', validFrom: now, validUntil: now + SELF_GRANT_MS, issuedAt: now });
}

/** kwdr1: revokes a grant (grantUntil: the grant's validUntil, so the lock may forget the revocation after). */
export async function revocation(serial, grantId, grantUntil, now = Date.now()) {
  return token(REVOCATION_PREFIX, [REVOCATION_LABEL, fieldOf('serial', serial), fieldOf('grantId', grantId),
    msOf('grantUntil', grantUntil), msOf('issuedAt', now), await deviceId()], MAX_TOKEN);
}

// ---- binding at the door (design §4) ----

async function hmac(secretText, message) {
  const key = await subtle.importKey('raw', utf8(secretText), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', key, utf8(message)));
}

/** A bind name: 1..40 characters, no control characters (the lock refuses others). */
export function bindNameProblem(name) {
  const text = String(name || '');
  // eslint-disable-next-line no-control-regex
  return text.length >= 1 && [...text].length <= 40 && !/[\u0000-\u001f\u007f-\u009f]/.test(text) ? null : 'BAD_NAME';
}

/** The bind proof for this device: b64u(HMAC-SHA256(bind secret, "keyward-bind-v1\n" serial deviceKey agreeKey name)). */
export async function bindProof(secret, serial, name) {
  const message = [BIND_LABEL, serial, await deviceKey(), await agreeKey(), name].join('\n');
  return b64url(await hmac(secret, message));
}

/** The proof for given keys (the cross-check test's fixed vectors). */
export async function bindProofFor(secret, serial, deviceKeyText, agreeKeyText, name) {
  return b64url(await hmac(secret, [BIND_LABEL, serial, deviceKeyText, agreeKeyText, name].join('\n')));
}

/** Whether the bind reply's mac is the lock's: it knows the bind secret, the cloud does not. */
export async function checkReplyMac(secret, serial, id, sealed, mac) {
  const expected = b64url(await hmac(secret, [BIND_REPLY_LABEL, serial, id, sealed].join('\n')));
  // not secret-dependent timing that matters here (the answer is public), but compare whole strings anyway
  return typeof mac === 'string' && mac.length === expected.length && mac === expected;
}

/** The body of POST /api/locks/{id}/devices: this device's keys, its name and the proof. */
export async function bindRequest(secret, serial, name) {
  if (bindNameProblem(name)) {
    throw new TrustError('BAD_NAME', 'a device name is 1 to 40 characters'); // words-lint: not shown (pages say trust.error.BAD_NAME)
  }
  return { deviceKey: await deviceKey(), agreeKey: await agreeKey(), name, proof: await bindProof(secret, serial, name) };
}

// ---- the visitor secret, sealed to this device (design §5) ----

/** Opens a sealed secret with a given ECDH private key (the cross-check test's fixed vector). */
export async function openSealedWith(agreePrivate, sealed, serial, id) {
  const bytes = fromB64url(sealed);
  if (bytes.length < 65 + 12 + 16) {
    throw new TrustError('NOT_SEALED', 'the sealed secret is too short'); // words-lint: not shown (logs)
  }
  let ephemeral;
  try {
    ephemeral = await subtle.importKey('raw', bytes.subarray(0, 65), { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  } catch {
    throw new TrustError('NOT_SEALED', 'the sealed secret does not start with a P-256 point'); // words-lint: not shown (logs)
  }
  const shared = await subtle.deriveBits({ name: 'ECDH', public: ephemeral }, agreePrivate, 256);
  const ikm = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  const key = await subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: utf8([SEAL_LABEL, serial, id].join('\n')) },
    ikm, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
  try {
    const plain = await subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(65, 77), tagLength: 128 }, key, bytes.subarray(77));
    return decoder.decode(plain);
  } catch {
    throw new TrustError('NOT_SEALED', 'the sealed secret does not open with this device’s key'); // words-lint: not shown (logs)
  }
}

/** Opens the visitor secret the lock sealed to this device. */
export async function openSealed(sealed, serial, id) {
  return openSealedWith((await agreeKeyPair()).privateKey, sealed, serial, id || await deviceId());
}

/** Keeps a lock's visitor secret in this browser (for the visitor codes the app makes itself). */
export async function keepVisitorSecret(serial, secret) {
  await stored(`visitor:${serial}`, secret);
}

/** The lock's visitor secret this browser keeps, or null. */
export async function visitorSecret(serial) {
  return (await stored(`visitor:${serial}`)) || null;
}

// ---- a lock's identity key, vouched for by its visitor secret (design §9) ----

/**
 * Whether a lock's reported identity key (lockKey) is the lock's own: its lockKeyMac is
 * HMAC-SHA256(visitor secret, "keyward-lock-key-v1\n" + serial + "\n" + lockKey), and only the lock and its
 * owner devices know that secret. True or false; null when this browser keeps no visitor secret of the lock
 * (it is not one of its owner devices) or the lock reported no key: nothing to check with.
 */
export async function lockKeyVouched(serial, lockKey, mac) {
  if (!supported() || !lockKey || !mac) {
    return null;
  }
  const secret = await visitorSecret(serial);
  if (!secret) {
    return null;
  }
  return mac === b64url(await hmac(secret, [LOCK_KEY_LABEL, serial, lockKey].join('\n')));
}

// ---- the bind QR (keyward://bind?v=1&serial=..&bind=..&expires=..) and the pairing QR's bind ----

const SECRET = /^[A-Za-z0-9_-]{22}$/;

/** Reads the door's bind text: {serial, bind, expires (epoch s)}; throws TrustError NOT_BIND_CODE. */
export function parseBindCode(text) {
  const raw = String(text || '').trim();
  const match = /^keyward:\/\/bind\?(.*)$/.exec(raw);
  const fail = () => new TrustError('NOT_BIND_CODE', 'not the code the lock shows to bind a device'); // words-lint: not shown (pages say trust.error.NOT_BIND_CODE)
  if (!match) {
    throw fail();
  }
  const params = new URLSearchParams(match[1]);
  const serial = params.get('serial');
  const bind = params.get('bind');
  const expires = Number(params.get('expires'));
  if (params.get('v') !== '1' || !serial || !bind || !SECRET.test(bind) || !Number.isSafeInteger(expires)) {
    throw fail();
  }
  return { serial, bind, expires };
}

/**
 * Splits a pairing text into what the cloud gets and the bind secret it must never see (design §4):
 * {pairing: the text without bind, bind: the secret or null}.
 */
export function splitPairing(text) {
  const raw = String(text || '').trim();
  const at = raw.indexOf('?');
  if (!raw.startsWith('keyward://pair?') || at < 0) {
    return { pairing: raw, bind: null };
  }
  const kept = [];
  let bind = null;
  for (const part of raw.slice(at + 1).split('&')) {
    if (part.startsWith('bind=')) {
      bind = decodeURIComponent(part.slice(5));
    } else {
      kept.push(part);
    }
  }
  return { pairing: `${raw.slice(0, at + 1)}${kept.join('&')}`, bind };
}
