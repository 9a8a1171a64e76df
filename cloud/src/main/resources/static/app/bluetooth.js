// The phone's side of the Bluetooth protocol v1 (SPEC C5, E3; docs/bluetooth.md) in WebCrypto, and what
// the app keeps so that "Unlock nearby" works while the cloud is down: the device key (IndexedDB), and
// each account's keys, their locks' radios and revocations (localStorage).
//
// The simulated radio is the lock's HTTP endpoint {radio}/radio/{hello,proof,record}: every message is
// the protocol's bytes in base64url, exactly as they would travel over Bluetooth.

const subtle = globalThis.crypto && globalThis.crypto.subtle;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const ascii = (text) => encoder.encode(text);

const VERSION = 1;
const HELLO = 1;
const LOCK_HELLO = 2;
const PROOF = 3;
const RECORD = 4;
const RAW_POINT = 65;
const NONCE = 16;
const LOCK_HELLO_LENGTH = 2 + RAW_POINT + NONCE;
const HEADER = 10;
const PHONE_PREFIX = 1;
const LOCK_PREFIX = 2;
const TRANSCRIPT_LABEL = ascii('keyward-bluetooth-v1 transcript');
const PROOF_LABEL = ascii('keyward-bluetooth-v1 proof');
const PHONE_TO_LOCK = ascii('keyward-bluetooth-v1 phone to lock'); // words-lint: not shown (the protocol's bytes)
const LOCK_TO_PHONE = ascii('keyward-bluetooth-v1 lock to phone'); // words-lint: not shown (the protocol's bytes)

/** Whether this browser can speak the protocol (WebCrypto needs a secure context: https or localhost). */
export const supported = () => Boolean(subtle && globalThis.indexedDB);

// ---- bytes ----

export function b64url(bytes) {
  let binary = '';
  for (const b of bytes) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromB64url(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) {
    throw new BluetoothError('MALFORMED', 'the lock sent something that is not base64url', 'notBase64'); // words-lint: not shown (logs; pages say e.said)
  }
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** [u32 prefix][u64 counter], big-endian: the GCM nonce of a record. */
function nonceOf(prefix, counter) {
  const view = new DataView(new ArrayBuffer(12));
  view.setUint32(0, prefix);
  view.setBigUint64(4, BigInt(counter));
  return new Uint8Array(view.buffer);
}

function headerOf(counter) {
  const view = new DataView(new ArrayBuffer(HEADER));
  view.setUint8(0, VERSION);
  view.setUint8(1, RECORD);
  view.setBigUint64(2, BigInt(counter));
  return new Uint8Array(view.buffer);
}

/**
 * A refusal by the lock, or a failure of the radio: reason (e.g. REVOKED, OUT_OF_RANGE) and words.
 * said names the app's own words for a failure it found itself (bluetooth.error.<said> in the message
 * tables, with params): this module imports nothing (WebCryptoPhoneTest loads it alone), so the page
 * looks the words up (view-bluetooth-manage.js, bluetoothWhy); message stays English, for logs.
 */
export class BluetoothError extends Error {
  constructor(reason, message, said, params) {
    super(message || reason);
    this.reason = reason;
    this.said = said || null;
    this.params = params || {};
  }
}

// ---- the device key: P-256 ECDSA, private half non-extractable, one per browser profile ----

const DB = 'keyward-bluetooth';
const STORE = 'keys';

function database() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

/** Reads (value undefined) or keeps a value in the app's key store; trust.js keeps its keys here too. */
export async function stored(name, value) {
  const db = await database();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, value === undefined ? 'readonly' : 'readwrite');
      const store = tx.objectStore(STORE);
      const request = value === undefined ? store.get(name) : store.put(value, name);
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

let devicePromise = null;

/** The browser's device key: {privateKey, publicKey, spki}; made once and kept in IndexedDB. */
export function deviceKey() {
  if (!devicePromise) {
    devicePromise = (async () => {
      const existing = await stored('device');
      if (existing && existing.privateKey && existing.spki) {
        return existing;
      }
      const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
      const spki = b64url(new Uint8Array(await subtle.exportKey('spki', pair.publicKey)));
      const device = { privateKey: pair.privateKey, publicKey: pair.publicKey, spki };
      await stored('device', device);
      return device;
    })().catch((e) => {
      devicePromise = null;
      throw e;
    });
  }
  return devicePromise;
}

// ---- what the app carries offline ----

const cacheName = (accountId) => `keyward.bluetooth.${accountId}`;

/** The account's keys as last fetched: [{keyId, lockId, lockName, serial, token, radio, validFrom, validUntil, role, status, revocations}]. */
export function cachedKeys(accountId) {
  try {
    const parsed = JSON.parse(localStorage.getItem(cacheName(accountId)) || '[]');
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** Keeps keys (merging: a lock's radio and revocations are kept when a newer answer lacks them). */
export function cacheKeys(accountId, keys) {
  const old = new Map(cachedKeys(accountId).map((k) => [k.keyId, k]));
  const merged = keys.map((k) => {
    const before = old.get(k.keyId) || {};
    return { ...before, ...k, radio: k.radio || before.radio || null, revocations: k.revocations || before.revocations || [] };
  });
  localStorage.setItem(cacheName(accountId), JSON.stringify(merged));
  return merged;
}

/** Adds revocations for a lock to every cached key of that lock. */
export function cacheRevocations(accountId, lockId, revocations) {
  const keys = cachedKeys(accountId).map((k) => (k.lockId === lockId ? { ...k, revocations } : k));
  localStorage.setItem(cacheName(accountId), JSON.stringify(keys));
}

// ---- the radio ----

async function radio(base, path, body) {
  let response;
  try {
    response = await fetch(`${base.replace(/\/+$/, '')}/radio/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new BluetoothError('OUT_OF_RANGE', 'the lock cannot be reached over Bluetooth: is it nearby?', 'unreachable'); // words-lint: not shown (logs; pages say e.said)
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (response.ok && data) {
    return data;
  }
  if (response.status === 503) {
    // the radio is off: out of range, or (the lock's words say so) the lock has no power
    const words = (data && data.error) || 'out of Bluetooth range'; // words-lint: not shown (logs; pages say e.said)
    throw new BluetoothError('OUT_OF_RANGE', words, /no power/.test(words) ? 'noPower' : 'outOfRange');
  }
  const reason = (data && data.reason) || `HTTP_${response.status}`;
  const lockWords = data && data.error;
  throw new BluetoothError(reason, lockWords || `the lock refused (${response.status})`, // words-lint: not shown (logs; pages say e.said)
    lockWords || (data && data.reason) ? null : 'refusedStatus', { status: response.status });
}

// ---- the handshake and the session ----

async function sha256(bytes) {
  return new Uint8Array(await subtle.digest('SHA-256', bytes));
}

async function directionKey(secretKey, transcript, info) {
  const bits = await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: transcript, info }, secretKey, 256);
  return subtle.importKey('raw', bits, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** An open session with the lock: request(object) sends one record and answers the lock's reply object. */
class Session {
  constructor(base, connection, sendKey, receiveKey) {
    this.base = base;
    this.connection = connection;
    this.sendKey = sendKey;
    this.receiveKey = receiveKey;
    this.sent = 0;
    this.lastReceived = -1;
  }

  async seal(plaintext) {
    const counter = this.sent;
    this.sent += 1;
    const header = headerOf(counter);
    const sealed = await subtle.encrypt({ name: 'AES-GCM', iv: nonceOf(PHONE_PREFIX, counter), additionalData: header, tagLength: 128 },
      this.sendKey, plaintext);
    return concat(header, new Uint8Array(sealed));
  }

  async open(record) {
    if (record.length < HEADER + 16 || record[0] !== VERSION || record[1] !== RECORD) {
      throw new BluetoothError('MALFORMED', 'the lock sent something that is not a record', 'notRecord'); // words-lint: not shown (logs; pages say e.said)
    }
    const counter = Number(new DataView(record.buffer, record.byteOffset + 2, 8).getBigUint64(0));
    if (counter <= this.lastReceived) {
      throw new BluetoothError('REPLAYED_RECORD', 'the lock repeated a record', 'replayed'); // words-lint: not shown (logs; pages say e.said)
    }
    let plain;
    try {
      plain = await subtle.decrypt({ name: 'AES-GCM', iv: nonceOf(LOCK_PREFIX, counter), additionalData: record.subarray(0, HEADER), tagLength: 128 },
        this.receiveKey, record.subarray(HEADER));
    } catch {
      throw new BluetoothError('BAD_RECORD', 'a record from the lock does not authenticate', 'badRecord'); // words-lint: not shown (logs; pages say e.said)
    }
    this.lastReceived = counter;
    return new Uint8Array(plain);
  }

  async request(payload) {
    const record = await this.seal(ascii(JSON.stringify(payload)));
    const answer = await radio(this.base, 'record', { connection: this.connection, message: b64url(record) });
    const plain = await this.open(fromB64url(answer.message));
    try {
      return JSON.parse(decoder.decode(plain));
    } catch {
      throw new BluetoothError('MALFORMED', 'the lock answered something that is not JSON', 'notJson'); // words-lint: not shown (logs; pages say e.said)
    }
  }
}

/** Connects to the lock's radio with the key's token and the device key; answers an open Session. */
export async function connect(base, token) {
  const device = await deviceKey();
  const ephemeral = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const point = new Uint8Array(await subtle.exportKey('raw', ephemeral.publicKey));
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE));
  const tokenBytes = ascii(token);
  const length = new Uint8Array([tokenBytes.length >> 8, tokenBytes.length & 0xff]);
  const hello = concat(new Uint8Array([VERSION, HELLO]), point, nonce, length, tokenBytes);

  const first = await radio(base, 'hello', { message: b64url(hello) });
  const lockHello = fromB64url(first.message);
  if (lockHello.length !== LOCK_HELLO_LENGTH || lockHello[0] !== VERSION || lockHello[1] !== LOCK_HELLO) {
    throw new BluetoothError('MALFORMED', 'the lock sent something that is not a lock hello', 'notHello'); // words-lint: not shown (logs; pages say e.said)
  }
  let lockPoint;
  try {
    // importKey checks that the point is on P-256
    lockPoint = await subtle.importKey('raw', lockHello.subarray(2, 2 + RAW_POINT), { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  } catch {
    throw new BluetoothError('MALFORMED', 'the lock’s ephemeral key is not a P-256 point', 'notPoint'); // words-lint: not shown (logs; pages say e.said)
  }
  const transcript = await sha256(concat(TRANSCRIPT_LABEL, hello, lockHello));
  const signature = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, device.privateKey,
    concat(PROOF_LABEL, transcript)));
  const proof = concat(new Uint8Array([VERSION, PROOF]), signature);
  await radio(base, 'proof', { connection: first.connection, message: b64url(proof) });

  const secret = await subtle.deriveBits({ name: 'ECDH', public: lockPoint }, ephemeral.privateKey, 256);
  const secretKey = await subtle.importKey('raw', secret, 'HKDF', false, ['deriveBits']);
  return new Session(base, first.connection,
    await directionKey(secretKey, transcript, PHONE_TO_LOCK),
    await directionKey(secretKey, transcript, LOCK_TO_PHONE));
}

/** The device key (SPKI, base64url) a token names, or null when it does not read. */
export function deviceOf(token) {
  try {
    return decoder.decode(fromB64url(String(token).split('.')[1])).split('\n')[3] || null;
  } catch {
    return null;
  }
}

/** Whether the key was issued to this browser's device key (keys of the account's other devices are not). */
export async function isForThisDevice(key) {
  return Boolean(key && key.token) && deviceOf(key.token) === (await deviceKey()).spki;
}

/**
 * Connects with a cached key and hands the lock the revocations the app knows (E3: every app carries
 * them). A refused handshake or an unreachable radio rejects with a BluetoothError.
 */
async function openWith(key) {
  if (!key.radio) {
    throw new BluetoothError('NO_RADIO', 'this lock has not told the cloud where its Bluetooth radio is yet', 'noRadio'); // words-lint: not shown (logs; pages say e.said)
  }
  if (!(await isForThisDevice(key))) {
    throw new BluetoothError('OTHER_DEVICE', 'this key belongs to another of your devices', 'otherDevice'); // words-lint: not shown (logs; pages say e.said)
  }
  const session = await connect(key.radio, key.token);
  const revocations = Array.isArray(key.revocations) ? key.revocations : [];
  for (const batch of revocationBatches(revocations)) {
    await session.request({ type: 'REVOCATIONS', revocations: batch });
  }
  return session;
}

/**
 * The revocations in requests the lock takes: 1 to 64 per record, and a record's plaintext at most 16 KiB
 * (a manager's revocation travels with its grant and chain, kwdr1~kwdg1~kwdg1, about 1.2 KB; issue 15, T7).
 */
export function revocationBatches(revocations, maxItems = 64, maxChars = 12_000) {
  const batches = [];
  let batch = [];
  let size = 0;
  for (const r of revocations) {
    if (batch.length > 0 && (batch.length === maxItems || size + r.length + 3 > maxChars)) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(r);
    size += r.length + 3;
  }
  if (batch.length > 0) {
    batches.push(batch);
  }
  return batches;
}

/**
 * Unlocks over Bluetooth with a cached key: connects, hands over the revocations, then asks to
 * unlock. Resolves {ok, reason, message} as the lock answered.
 */
export async function unlockNearby(key) {
  return (await openWith(key)).request({ type: 'UNLOCK' });
}

/**
 * Manages the lock over Bluetooth (B2; the lock admits only OWNER and MANAGER keys): in one session,
 * sends the command if there is one ({type: 'CHANGE_SETTING', setting, value}, as LockCommands reads
 * it), then reads the lock's state. Resolves {command: the lock's answer or null, state: its answer
 * to STATE, or null when the lock refused the key itself}; each answer is {ok, reason?, message?,
 * reply?, state?} as the lock sent it.
 */
export async function manageNearby(key, command) {
  const session = await openWith(key);
  const answer = command ? await session.request({ type: 'COMMAND', command }) : null;
  // a refusal without a command reply (NOT_ALLOWED, EXPIRED, REVOKED, ...) would refuse STATE too,
  // and a key refusal has closed the session
  const keyRefused = answer && !answer.reply;
  return { command: answer, state: keyRefused ? null : await session.request({ type: 'STATE' }) };
}
