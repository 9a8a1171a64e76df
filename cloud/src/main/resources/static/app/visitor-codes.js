// Visitor passcodes made in the browser (issue 15, trust design §5; SPEC E1, E2): a port of the protocol's
// VisitorSecret, VisitorCodec and VisitorCode (docs/visitor-passcodes.md). Once a lock holds an owner
// device the cloud no longer knows the lock's visitor secret, so the app makes the digits itself and
// tells the cloud only the code's id, kind, period and name. The same digits as Java, to the digit:
// protocol/src/test/resources/visitor-vectors.json is reproduced by VisitorCodesJsBrowserTest.

const subtle = globalThis.crypto && globalThis.crypto.subtle;
const encoder = new TextEncoder();

/** Hour 0 of visitor time: 2026-01-01T00:00Z. */
export const EPOCH_MS = Date.UTC(2026, 0, 1);
export const HOUR_MS = 3600 * 1000;
export const MAX_HOUR = 2147483647;
export const ONE_TIME_HOURS = 6;
export const FIRST_USE_HOURS = 24;
export const REVOKE_HOURS = 24;
export const ONE_TIME_SERIALS = 16;
export const PERIODIC_SERIALS = 2;
/** The periods a periodic code can have, in hours, shortest first (VisitorCode.DURATION_HOURS). */
export const DURATION_HOURS = Object.freeze([
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20,
  24, 2 * 24, 3 * 24, 4 * 24, 5 * 24, 6 * 24, 7 * 24, 10 * 24,
  14 * 24, 21 * 24, 30 * 24, 60 * 24, 90 * 24, 180 * 24, 270 * 24, 365 * 24]);

const KINDS = ['ONE_TIME', 'PERIODIC', 'REVOKE']; // the ordinal is part of the tag's input
const HALF = 1000000;
const HALF_N = 1000000n;
const ROUNDS = 10;
const WINDOW = 256;
const BEHIND = WINDOW / 2 - 1;
const TAGS = 100000;
const REVOKE_TARGET_VARIANTS = DURATION_HOURS.length * PERIODIC_SERIALS;
const REVOKE_VARIANTS = 2 * WINDOW * REVOKE_TARGET_VARIANTS;
const BASE = { ONE_TIME: 0, PERIODIC: WINDOW * ONE_TIME_SERIALS, REVOKE: WINDOW * (ONE_TIME_SERIALS + REVOKE_TARGET_VARIANTS) };
const VARIANTS = { ONE_TIME: ONE_TIME_SERIALS, PERIODIC: REVOKE_TARGET_VARIANTS, REVOKE: REVOKE_VARIANTS };
const PERMUTATION_LABEL = 'keyward-visitor-v1|permutation'; // words-lint: not shown (the algorithm's label)
const TAG_LABEL = 'keyward-visitor-v1|tag'; // words-lint: not shown (the algorithm's label)

/** A refusal with a stable reason (BAD_SECRET, BAD_HOUR, BAD_SERIAL, BAD_PERIOD, OUT_OF_REACH, NO_CRYPTO). */
export class VisitorCodeError extends Error {
  constructor(reason, message) {
    super(message);
    this.reason = reason;
  }
}

export const supported = () => Boolean(subtle);

function fromB64url(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(text)) {
    throw new VisitorCodeError('BAD_SECRET', 'a visitor secret is 43 base64url characters'); // words-lint: not shown (logs; pages say their own words)
  }
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const hmacKey = (bytes) => subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
const hmac = async (key, bytes) => new Uint8Array(await subtle.sign('HMAC', key, bytes));

/**
 * The two keys of a lock's visitor secret (its base64url text, as VisitorSecret encodes it), as
 * non-extractable WebCrypto HMAC keys: Kp = HMAC(secret, permutation label), Kt = HMAC(secret, tag label).
 */
export async function visitorKeys(secretText) {
  if (!supported()) {
    throw new VisitorCodeError('NO_CRYPTO', 'this browser has no WebCrypto (it needs https or localhost)'); // words-lint: not shown (logs)
  }
  const secret = fromB64url(secretText);
  if (secret.length !== 32) {
    throw new VisitorCodeError('BAD_SECRET', 'a visitor secret has exactly 256 bits'); // words-lint: not shown (logs)
  }
  const root = await hmacKey(secret);
  secret.fill(0);
  const derive = async (label) => {
    const bytes = await hmac(root, encoder.encode(label));
    const key = await hmacKey(bytes);
    bytes.fill(0); // only the non-extractable key stays
    return key;
  };
  return Object.freeze({ permutation: await derive(PERMUTATION_LABEL), tag: await derive(TAG_LABEL) });
}

/** The first 8 bytes of an HMAC, unsigned, mod m (Long.remainderUnsigned in Java). */
const reduce = (mac, m) => Number(new DataView(mac.buffer).getBigUint64(0) % m);

function checkHour(hour, what = 'start hour') { // words-lint: not shown (logs)
  if (!Number.isSafeInteger(hour) || hour < 0 || hour > MAX_HOUR) {
    throw new VisitorCodeError('BAD_HOUR', `${what} out of range: ${hour}`); // words-lint: not shown (logs)
  }
}

function checkId(id) {
  if (!id || !KINDS.includes(id.kind)) {
    throw new VisitorCodeError('BAD_KIND', 'kind is ONE_TIME, PERIODIC or REVOKE'); // words-lint: not shown (logs)
  }
  checkHour(id.startHour);
  if (!Number.isInteger(id.variant) || id.variant < 0 || id.variant >= VARIANTS[id.kind]) {
    throw new VisitorCodeError('BAD_SERIAL', `variant out of range for ${id.kind}: ${id.variant}`); // words-lint: not shown (logs)
  }
}

/** kind byte, start hour (8 bytes), variant (4 bytes), big-endian: the tag's input. */
async function tag(keys, id) {
  const view = new DataView(new ArrayBuffer(13));
  view.setUint8(0, KINDS.indexOf(id.kind));
  view.setBigInt64(1, BigInt(id.startHour));
  view.setInt32(9, id.variant);
  return reduce(await hmac(keys.tag, new Uint8Array(view.buffer)), BigInt(TAGS));
}

/** The balanced Feistel over 10^6 x 10^6, forward (VisitorCodec.permute). */
async function permute(keys, value) {
  let left = Math.floor(value / HALF);
  let right = value % HALF;
  const input = new DataView(new ArrayBuffer(5));
  for (let i = 0; i < ROUNDS; i++) {
    input.setUint8(0, i);
    input.setInt32(1, right);
    const f = reduce(await hmac(keys.permutation, new Uint8Array(input.buffer)), HALF_N);
    const next = (left + f) % HALF;
    left = right;
    right = next;
  }
  return left * HALF + right;
}

/** The code with this id {kind, startHour, variant}: {digits, id, fromHour, untilHour}. */
export async function codeOf(keys, id) {
  checkId(id);
  const header = BASE[id.kind] + (id.startHour % WINDOW) * VARIANTS[id.kind] + id.variant;
  const plain = header * TAGS + await tag(keys, id);
  const digits = String(await permute(keys, plain)).padStart(12, '0');
  const frozen = Object.freeze({ kind: id.kind, startHour: id.startHour, variant: id.variant });
  return Object.freeze({ digits, id: frozen, fromHour: id.startHour, untilHour: untilHour(frozen) });
}

/** The first hour a code is no longer good for (CodeId.untilHour). */
export function untilHour(id) {
  switch (id.kind) {
    case 'ONE_TIME': return id.startHour + ONE_TIME_HOURS;
    case 'PERIODIC': return id.startHour + DURATION_HOURS[Math.floor(id.variant / PERIODIC_SERIALS)];
    default: return id.startHour + REVOKE_HOURS;
  }
}

function durationClass(startHour, endHour) {
  checkHour(startHour);
  if (!Number.isSafeInteger(endHour) || endHour - startHour < 1) {
    throw new VisitorCodeError('BAD_PERIOD', 'a period ends at least one hour after it starts'); // words-lint: not shown (logs)
  }
  const wanted = endHour - startHour;
  let found = 0;
  DURATION_HOURS.forEach((hours, i) => {
    if (hours <= wanted) {
      found = i;
    }
  });
  return found;
}

/** The longest allowed period that does not go past endHour (VisitorCode.effectiveEnd). */
export function effectiveEnd(startHour, endHour) {
  return startHour + DURATION_HOURS[durationClass(startHour, endHour)];
}

function checkSerial(serial, count) {
  if (!Number.isInteger(serial) || serial < 0 || serial >= count) {
    throw new VisitorCodeError('BAD_SERIAL', `serial is 0..${count - 1}`); // words-lint: not shown (logs)
  }
}

/** A one-time code (E1): good from startHour for 6 hours, opens once; serial 0..15. */
export function oneTime(keys, startHour, serial = 0) {
  checkSerial(serial, ONE_TIME_SERIALS);
  return codeOf(keys, { kind: 'ONE_TIME', startHour, variant: serial });
}

/** The variant of a periodic code: duration class * 2 + serial. */
export function periodicVariant(startHour, endHour, serial = 0) {
  checkSerial(serial, PERIODIC_SERIALS);
  return durationClass(startHour, endHour) * PERIODIC_SERIALS + serial;
}

/** A periodic code (E2): good from startHour until effectiveEnd(startHour, endHour); serial 0..1. */
export function periodic(keys, startHour, endHour, serial = 0) {
  return codeOf(keys, { kind: 'PERIODIC', startHour, variant: periodicVariant(startHour, endHour, serial) });
}

/**
 * A revoke code naming target {kind, startHour, variant}, good for 24 hours from revokeHour; the target
 * must start from 128 hours before to 127 hours after revokeHour (VisitorCodec.packTarget).
 */
export function revoke(keys, target, revokeHour) {
  checkId(target);
  checkHour(revokeHour, 'revoke hour'); // words-lint: not shown (logs)
  if (target.kind === 'REVOKE') {
    throw new VisitorCodeError('BAD_KIND', 'a revoke code cannot be revoked'); // words-lint: not shown (logs)
  }
  const offset = target.startHour - revokeHour;
  if (offset < -BEHIND - 1 || offset > BEHIND) {
    throw new VisitorCodeError('OUT_OF_REACH', 'the code starts too far from the revoke hour: revoke it by sync'); // words-lint: not shown (logs)
  }
  const kind = target.kind === 'ONE_TIME' ? 0 : 1;
  const variant = (kind * WINDOW + offset + BEHIND + 1) * REVOKE_TARGET_VARIANTS + target.variant;
  return codeOf(keys, { kind: 'REVOKE', startHour: revokeHour, variant });
}

/** The whole visitor hour that contains the instant (a Date or epoch ms). */
export function hourOf(instant) {
  const ms = instant instanceof Date ? instant.getTime() : instant;
  if (!Number.isFinite(ms) || ms < EPOCH_MS) {
    throw new VisitorCodeError('BAD_HOUR', 'visitor time starts at 2026-01-01T00:00Z'); // words-lint: not shown (logs)
  }
  return Math.floor((ms - EPOCH_MS) / HOUR_MS);
}

/** The instant an hour starts, as a Date. */
export const startOf = (hour) => new Date(EPOCH_MS + hour * HOUR_MS);

/** kind/start hour/variant: how the lock's events and the cloud name a code. */
export const codeName = (id) => `${id.kind}/${id.startHour}/${id.variant}`;
