// A person on a protected lock (issue 15, docs/people.md "On a protected lock"): the cloud does not send a
// person's ADD_USER, SET_VALIDITY or REPLACE_PASSCODE to a lock in trust mode unsigned; it lists each as a
// request (GET /api/people/{id}/signatures), the command exactly as the lock will read it, without the
// passcode. This device puts the code in (the one just typed, or asked again), signs a kwdc1 valid up to
// 7 days (design §2: the lock may be away) as an owner device, or with its MANAGER grant chain, and posts it.
// The cloud queues it only if it is the very command it recorded.
import { get, post, seg } from './api.js';
import { chainOf, isOwnerDevice, notBound } from './signing.js';
import { MAX_LIFETIME_MS, signCommand, supported } from './trust.js';

const path = (personId) => `/api/people/${seg(personId)}/signatures`;

/** What waits for a signature for the person, one request per protected lock. */
export async function waiting(personId) {
  const { data } = await get(path(personId));
  return Array.isArray(data) ? data : [];
}

/** This device's chain for the lock: [] as an owner device, its grants else; notBound() when it can sign neither way. */
async function signerChain(lock) {
  if (!supported()) {
    throw notBound();
  }
  if (await isOwnerDevice(lock)) {
    return [];
  }
  const chain = await chainOf(lock);
  if (chain.length === 0) {
    throw notBound();
  }
  return chain;
}

/**
 * Signs and sends the person's requests on this device. locks: the page's locks by id (their owner devices);
 * code: the person's passcode when this device has it (null: a request that needs it is left, needCode);
 * only: a lock id to sign for alone. Answers {signed, needCode, cannot, failed: [{request, error}]}, lists of
 * requests; nothing throws for one lock's failure, so the others are signed all the same.
 */
export async function signWaiting(personId, locks, code, only = null) {
  const result = { signed: [], needCode: [], cannot: [], failed: [] };
  for (const request of await waiting(personId)) {
    if (only && request.lockId !== only) {
      continue;
    }
    if (request.passcodeNeeded && !code) {
      result.needCode.push(request);
      continue;
    }
    const lock = locks.get(request.lockId) || { id: request.lockId, serial: request.serial, ownerDevices: [] };
    let chain;
    try {
      chain = await signerChain(lock);
    } catch {
      result.cannot.push(request);
      continue;
    }
    const command = request.passcodeNeeded ? { ...request.command, passcode: code } : request.command;
    try {
      const { token } = await signCommand(request.serial, JSON.stringify(command), MAX_LIFETIME_MS);
      await post(path(personId), { requestId: request.requestId, command: token, chain });
      result.signed.push(request);
    } catch (error) {
      result.failed.push({ request, error });
    }
  }
  return result;
}
