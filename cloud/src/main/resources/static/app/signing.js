// What the pages use to sign a command in trust mode (issue 15, design §2 HTTP, §3): the headers
// Keyward-Device-Command (a kwdc1 by this device) and Keyward-Device-Chain (its grants, joined by ~;
// none for an owner device). For a lock not in trust mode, or a command §3 leaves to the cloud, no
// headers: the request is today's. A device the lock does not trust is told so before anything is
// sent, in the words of refusal.DEVICE_NOT_BOUND, pointing to the lock's Devices page.
import { ApiError, get, post, seg } from './api.js';
import { t } from './i18n.js';
import {
  COMMAND_LIFETIME_MS, UNLOCK_LIFETIME_MS, bindRequest, checkReplyMac, deviceId, keepVisitorSecret, openSealed, signCommand, supported,
} from './trust.js';
import { needsSignature } from './lock-commands.js';

export const COMMAND_HEADER = 'Keyward-Device-Command'; // words-lint: not shown (an HTTP header)
export const CHAIN_HEADER = 'Keyward-Device-Chain'; // words-lint: not shown (an HTTP header)

/** Whether the lock holds at least one owner device (design: trust mode), as the cloud last heard. */
export const inTrustMode = (lock) => Boolean(lock && (lock.trustMode || (lock.ownerDevices || []).length > 0));

/** Whether this browser is one of the lock's owner devices. */
export async function isOwnerDevice(lock) {
  if (!supported()) {
    return false;
  }
  const id = await deviceId();
  return (lock.ownerDevices || []).some((d) => d.deviceId === id);
}

/** This device's grant chain for the lock, from the cloud's grants relay; [] when it holds none (or the cloud keeps none). */
export async function chainOf(lock) {
  try {
    const { data } = await get(`/api/locks/${seg(lock.id)}/grants/mine?deviceId=${seg(await deviceId())}`);
    const chain = Array.isArray(data) ? data : (data && data.chain) || [];
    return chain.filter((g) => typeof g === 'string' && g.startsWith('kwdg1.'));
  } catch {
    return [];
  }
}

/** The refusal a page shows when this device cannot sign for the lock: its words point to the Devices page. */
export function notBound() {
  return new ApiError(428, t('refusal.DEVICE_NOT_BOUND'), { reason: 'DEVICE_NOT_BOUND' });
}

/**
 * The request options (headers) for the command on this lock: {} when no signature is needed, else
 * the signed command and this device's chain. Rejects with notBound() when this device can neither
 * sign as an owner device nor holds a grant; a WebCrypto failure rejects as it is.
 */
export async function signedOptions(lock, command) {
  if (!inTrustMode(lock) || !needsSignature(command)) {
    return {};
  }
  if (!supported()) {
    throw notBound();
  }
  const owner = await isOwnerDevice(lock);
  const chain = owner ? [] : await chainOf(lock);
  if (!owner && chain.length === 0) {
    throw notBound();
  }
  const lifetime = command.type === 'REMOTE_UNLOCK' ? UNLOCK_LIFETIME_MS : COMMAND_LIFETIME_MS;
  const { token } = await signCommand(lock.serial, JSON.stringify(command), lifetime);
  return { headers: { [COMMAND_HEADER]: token, [CHAIN_HEADER]: chain.join('~') } };
}

/**
 * signedOptions for a lock given by id (read fresh: its trust mode and owner devices as the cloud last
 * heard) or as the page already holds it.
 */
export async function signedFor(lockOrId, command) {
  const lock = typeof lockOrId === 'string' ? (await get(`/api/locks/${seg(lockOrId)}`)).data : lockOrId;
  return signedOptions(lock, command);
}

/** A failure of binding the app found itself (the answer was not the lock's, or the secret would not open). */
function bindFailed(reason) {
  return new ApiError(0, t(`refusal.${reason}`), { reason });
}

/**
 * Binds this browser as an owner device of the lock (design §4) with the bind secret the lock showed
 * (the pairing QR's bind, or the door's keyward://bind): POST /api/locks/{id}/devices with this device's
 * keys, the name and the proof; then checks the reply's MAC (the lock's: the cloud never saw the secret),
 * opens the visitor secret sealed to this device and keeps it. Answers this device's id.
 */
export async function bindThisDevice(lock, secret, name) {
  const body = await bindRequest(secret, lock.serial, name);
  const { data } = await post(`/api/locks/${seg(lock.id)}/devices`, body);
  const reply = (data && data.data) || data || {};
  const mine = await deviceId();
  if (reply.deviceId !== mine
      || !(await checkReplyMac(secret, lock.serial, reply.deviceId, reply.sealedVisitorSecret, reply.mac))) {
    throw bindFailed('BAD_REPLY_MAC');
  }
  try {
    await keepVisitorSecret(lock.serial, await openSealed(reply.sealedVisitorSecret, lock.serial, mine));
  } catch {
    throw bindFailed('NOT_SEALED');
  }
  return mine;
}

// ---- a bind secret from the pairing QR, kept until this device is bound (sessionStorage: this tab only) ----

const pendingName = (serial) => `keyward.bind.${serial}`;

/** Keeps the pairing QR's bind secret (valid 10 minutes at the lock) for the lock's Devices page. */
export function keepPendingBind(serial, secret) {
  sessionStorage.setItem(pendingName(serial), JSON.stringify({ secret, at: Date.now() }));
}

/** The pairing QR's bind secret still kept for this lock (less than 10 minutes old), or null. */
export function pendingBind(serial) {
  try {
    const kept = JSON.parse(sessionStorage.getItem(pendingName(serial)) || 'null');
    return kept && Date.now() - kept.at < 10 * 60_000 ? kept.secret : null;
  } catch {
    return null;
  }
}

export function forgetPendingBind(serial) {
  sessionStorage.removeItem(pendingName(serial));
}

// names of browsers and systems: the same in every language
const BROWSERS = [[/Edg\//, 'Edge'], [/Firefox\//, 'Firefox'], [/Chrom(e|ium)\//, 'Chrome'], [/Safari\//, 'Safari']]; // words-lint: not shown (proper names)
const SYSTEMS = [[/Android/, 'Android'], [/iPhone|iPad/, 'iOS'], [/Mac OS X/, 'macOS'], [/Windows/, 'Windows'], [/Linux/, 'Linux']]; // words-lint: not shown (proper names)

/** A name for this device the user may edit: the browser and the system it runs on ("Chrome on Android"). */
export function defaultDeviceName() {
  const agent = navigator.userAgent || '';
  const found = (table) => (table.find(([pattern]) => pattern.test(agent)) || [])[1];
  const browser = found(BROWSERS);
  const system = found(SYSTEMS);
  return browser && system ? t('devices.defaultName', { browser, system }) : t('devices.defaultNameBare');
}
