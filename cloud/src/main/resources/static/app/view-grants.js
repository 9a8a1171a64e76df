// Shared members' devices (issue 15, design §2 kwdg1/kwdr1, §7): a member's browser registers itself
// with its account and waits until one of the owner's devices signs a grant for it; the owner's Devices
// page lists the waiting devices (grant: signed here, the role the sharing gives) and the live grants
// (revoke: a kwdr1 signed here, which the cloud queues to the lock and every app carries over Bluetooth;
// a manager's device revokes members' and visitors' grants with its own chain beside it, rule T7).
// The cloud relays both; it signs neither, and the lock checks each itself.
import { get, post, seg } from './api.js';
import { h, replace, text } from './dom.js';
import { dateTime, t } from './i18n.js';
import { app } from './session.js';
import { lockPath } from './common.js';
import {
  agreeKey, deviceId, deviceKey, fingerprintOf, grant, revocation, selfGrant, supported,
} from './trust.js';
import { defaultDeviceName, inTrustMode, isOwnerDevice } from './signing.js';

/** How long a grant signed here lasts; revocation ends it sooner. */
const GRANT_MS = 365 * 24 * 3600_000;
/** A grant starts a little before now, so a lock whose clock is behind the phone's takes it at once. */
const SLACK_MS = 5 * 60_000;
// keys: bluetooth.role.*
const roleWords = (role) => (['OWNER', 'MANAGER', 'MEMBER', 'VISITOR'].includes(role) ? t(`bluetooth.role.${role}`) : role);

const registered = new Set();

/** What the owner's list calls a visitor's request: the name the pairing code was given, else the device's. */
const visitorName = (r) => r.inviteName || r.deviceName || t('grants.visitorUnnamed');

/** Registers this browser's device keys with the signed-in account (POST /api/devices, idempotent), once per page load. */
export async function registerThisDevice() {
  const id = await deviceId();
  if (!registered.has(id)) {
    await post('/api/devices', { deviceKey: await deviceKey(), agreeKey: await agreeKey(), name: defaultDeviceName() });
    registered.add(id);
  }
  return id;
}

/**
 * This device's grant on a shared lock in trust mode: {status: GRANTED|WAITING|REVOKED, role, chain,
 * joined, fingerprint}; registers the device first, so the owner's page lists it while it waits.
 */
export async function myGrant(lock) {
  const id = await registerThisDevice();
  const { data } = await get(`${lockPath(lock.id)}/grants/mine?deviceId=${seg(id)}`);
  return data;
}

/**
 * The Bluetooth token of this device for a lock in trust mode (design §3: a kwdg1 chain): an owner
 * device's self-grant, or the chain an owner's device granted ("~"-joined, leaf first); null while it
 * has none. Answers {token, role, validFrom, validUntil, grantId}.
 */
export async function bluetoothGrant(lock, account) {
  if (await isOwnerDevice(lock)) {
    const now = Date.now();
    const token = await selfGrant(lock.serial, account, now);
    return { token, role: 'OWNER', validFrom: new Date(now).toISOString(), validUntil: new Date(now + GRANT_MS * 10).toISOString(), grantId: `self-${lock.serial}` };
  }
  const mine = await myGrant(lock);
  // a revoked chain too: the lock, not the cloud, says REVOKED in its own words
  return mine.status === 'GRANTED' || (mine.status === 'REVOKED' && mine.joined)
    ? { token: mine.joined, role: mine.role, validFrom: mine.validFrom, validUntil: mine.validUntil, grantId: mine.grantId }
    : null;
}

/**
 * The line under the trust card for a shared account's device that is not an owner device: its
 * fingerprint and whether it waits, holds a grant, or was revoked. Empty text for anyone else.
 */
export async function memberDeviceLine(lock) {
  if (!inTrustMode(lock) || lock.role === 'OWNER' || !supported() || (await isOwnerDevice(lock))) {
    return null;
  }
  const mine = await myGrant(lock);
  const fingerprint = fingerprintOf(mine.deviceId);
  if (mine.status === 'GRANTED') {
    return t('grants.mineGranted', { fingerprint, role: roleWords(mine.role).toLowerCase(), until: dateTime(mine.validUntil) });
  }
  return mine.status === 'REVOKED' ? t('grants.mineRevoked', { fingerprint }) : t('grants.mineWaiting', { fingerprint });
}

/**
 * This device's own chain when it is not an owner device but holds a working OWNER or MANAGER grant
 * (rule T7: it may then revoke, sending the chain beside the kwdr1): {chain, role, deviceId}; else null.
 */
async function revokingChain(lock) {
  const mine = await myGrant(lock);
  return mine.status === 'GRANTED' && (mine.role === 'OWNER' || mine.role === 'MANAGER')
    ? { chain: mine.chain, role: mine.role, deviceId: mine.deviceId } : null;
}

/**
 * Whether the revoking chain may revoke grant g (T7, as the lock checks it): an OWNER-role chain any; a
 * MANAGER's a MEMBER or VISITOR grant that an owner device or this manager's device signed.
 */
function mayRevoke(revoker, g, lock) {
  if (revoker.role === 'OWNER') {
    return true;
  }
  const signedByOwnerDevice = (lock.ownerDevices || []).some((d) => d.deviceId === g.signerId);
  return (g.role === 'MEMBER' || g.role === 'VISITOR') && (signedByOwnerDevice || g.signerId === revoker.deviceId);
}

/**
 * The Devices page's "Shared devices" card for the owner and managers: devices waiting for a grant,
 * with Grant; grants, with Revoke. Granting needs this browser to be an owner device; revoking an owner
 * device, or a device holding a manager's grant (T7: members' and visitors' grants, with its chain);
 * elsewhere the lists show and the buttons say where to sign. update(lock) is called on every poll.
 */
export function sharedDevicesCard(lockId) {
  const intro = h('p', { class: 'muted' }, t('grants.intro'));
  const signHere = h('p', { id: 'grants-sign-where', class: 'note', hidden: true }, t('grants.signOnOwnerDevice'));
  const managerNote = h('p', { id: 'grants-manager-revokes', class: 'note', hidden: true }, t('grants.managerRevokes'));
  const waiting = h('ul', { id: 'grant-requests', class: 'device-list', 'aria-live': 'polite' });
  const noneWaiting = h('p', { id: 'grant-requests-none', class: 'muted' }, t('grants.noneWaiting'));
  const grants = h('ul', { id: 'grant-list', class: 'device-list', 'aria-live': 'polite' });
  const noGrants = h('p', { id: 'grant-list-none', class: 'muted' }, t('grants.none'));
  const element = h('section', { id: 'shared-devices', class: 'card', hidden: true },
    h('h2', {}, t('grants.title')), intro, signHere, managerNote,
    h('h3', {}, t('grants.waitingTitle')), noneWaiting, waiting,
    h('h3', {}, t('grants.grantsTitle')), noGrants, grants);
  let lock = null;
  let signer = false;
  let revoker = null; // T7: this device's chain when it revokes as a manager (not an owner device)
  let shown = null;

  async function give(request, button) {
    button.disabled = true;
    try {
      await registerThisDevice(); // the cloud checks the grant against this device's registered key
      const now = Date.now();
      const visitor = request.kind === 'VISITOR';
      // a visitor's grant (SPEC E3): VISITOR for exactly the pairing code's period, answering its request
      const token = await grant({
        serial: lock.serial, holderKey: request.deviceKey, account: request.accountEmail || request.accountId,
        role: visitor ? 'VISITOR' : request.role,
        validFrom: visitor ? Date.parse(request.validFrom) : now - SLACK_MS,
        validUntil: visitor ? Date.parse(request.validUntil) : now + GRANT_MS, issuedAt: now,
      });
      await post(`${lockPath(lockId)}/grants`, visitor ? { token, inviteId: request.inviteId } : { token });
      app.say(visitor
        ? t('grants.approved', { name: visitorName(request), fingerprint: request.fingerprint, until: dateTime(request.validUntil) })
        : t('grants.granted', { name: request.deviceName, fingerprint: request.fingerprint }));
      shown = null;
      await update(lock);
    } catch (e) {
      app.fail(e, t('grants.couldNotGrant'));
      button.disabled = false;
    }
  }

  async function revoke(g, button) {
    button.disabled = true;
    try {
      await registerThisDevice();
      const token = await revocation(lock.serial, g.grantId, new Date(g.validUntil).getTime());
      // T7: a manager's device sends its own chain beside the kwdr1 (the lock checks it as any chain)
      await post(`${lockPath(lockId)}/grants/${seg(g.grantId)}/revocation`, signer ? { token } : { token, chain: revoker.chain });
      const name = g.deviceName || g.fingerprint;
      app.say(lock.online ? t('grants.revokedOnline', { name }) : t('grants.revokedOffline', { name }));
      shown = null;
      await update(lock);
    } catch (e) {
      app.fail(e, t('grants.couldNotRevoke'));
      button.disabled = false;
    }
  }

  /** A visitor's device (SPEC E3 pairing code): the code's name and period; Approve signs VISITOR for that period. */
  function visitorItem(r) {
    return h('li', { class: 'device-item', 'data-device-id': r.deviceId, 'data-invite-id': r.inviteId },
      h('div', { class: 'row wrap gap' },
        h('strong', { class: 'device-name' }, visitorName(r)),
        h('code', { class: 'device-fingerprint' }, r.fingerprint),
        h('span', { class: 'badge' }, roleWords('VISITOR'))),
      h('p', { class: 'muted' }, [r.accountName, r.accountEmail].filter(Boolean).join(' · '),
        ' — ', t('bluetooth.validRange', { from: dateTime(r.validFrom), until: dateTime(r.validUntil) })),
      h('p', { class: 'hint' }, t('grants.compareVisitor', { fingerprint: r.fingerprint })),
      signer ? h('button', {
        id: `approve-${r.inviteId}`, type: 'button', class: 'btn btn-primary btn-small',
        onclick: (event) => give(r, event.currentTarget),
      }, t('grants.approve')) : null);
  }

  function requestItem(r) {
    if (r.kind === 'VISITOR') {
      return visitorItem(r);
    }
    return h('li', { class: 'device-item', 'data-device-id': r.deviceId },
      h('div', { class: 'row wrap gap' },
        h('strong', { class: 'device-name' }, r.deviceName),
        h('code', { class: 'device-fingerprint' }, r.fingerprint),
        h('span', { class: 'badge' }, roleWords(r.role))),
      h('p', { class: 'muted' }, r.accountName ? `${r.accountName} · ${r.accountEmail}` : r.accountEmail),
      h('p', { class: 'hint' }, t('grants.compare', { fingerprint: r.fingerprint })),
      signer ? h('button', {
        id: `grant-${r.deviceId}`, type: 'button', class: 'btn btn-primary btn-small',
        onclick: (event) => give(r, event.currentTarget),
      }, t('grants.grant', { role: roleWords(r.role).toLowerCase() })) : null);
  }

  function state(g) {
    if (g.status === 'REVOKED') {
      return { label: t('bluetooth.revoked'), css: 'badge-bad' };
    }
    if (g.signerRemoved) {
      return { label: t('grants.signerRemoved'), css: 'badge-bad' };
    }
    return g.working ? { label: t('bluetooth.active'), css: 'badge-ok' } : { label: t('bluetooth.expired'), css: '' };
  }

  function grantItem(g) {
    const s = state(g);
    const live = g.status !== 'REVOKED' && g.status !== 'EXPIRED';
    return h('li', { class: 'device-item', 'data-grant-id': g.grantId },
      h('div', { class: 'row wrap gap' },
        h('strong', { class: 'device-name' }, g.deviceName || g.fingerprint),
        h('code', { class: 'device-fingerprint' }, g.fingerprint),
        h('span', { class: 'badge' }, roleWords(g.role)),
        h('span', { class: `badge ${s.css}`, id: `grant-state-${g.grantId}` }, s.label)),
      h('p', { class: 'muted' }, [g.accountName, g.accountEmail].filter(Boolean).join(' · '),
        ' — ', t('bluetooth.validRange', { from: dateTime(g.validFrom), until: dateTime(g.validUntil) })),
      g.revokeAdvised && live ? h('p', { class: 'warn', id: `grant-advice-${g.grantId}` }, t('grants.revokeAdvised')) : null,
      live && (signer || (revoker && mayRevoke(revoker, g, lock))) ? h('button', {
        id: `grant-revoke-${g.grantId}`, type: 'button', class: 'btn btn-ghost btn-small danger-text',
        onclick: (event) => revoke(g, event.currentTarget),
      }, t('visitors.revoke')) : null);
  }

  async function update(current) {
    lock = current;
    const visible = inTrustMode(lock) && (lock.role === 'OWNER' || lock.role === 'MANAGER');
    element.hidden = !visible;
    if (!visible) {
      return;
    }
    signer = supported() && (await isOwnerDevice(lock));
    revoker = !signer && supported() ? await revokingChain(lock) : null;
    signHere.hidden = signer || Boolean(revoker);
    managerNote.hidden = !revoker;
    const [{ data: requests }, { data: list }] = await Promise.all([
      get(`${lockPath(lockId)}/device-requests`), get(`${lockPath(lockId)}/grants`)]);
    const key = JSON.stringify([signer, revoker, requests, list]);
    if (key === shown) {
      return;
    }
    shown = key;
    noneWaiting.hidden = requests.length > 0;
    noGrants.hidden = list.length > 0;
    replace(waiting, ...requests.map(requestItem));
    replace(grants, ...list.map(grantItem));
  }

  return { element, update };
}

/** Sets el's text to the member line (or hides it). */
export async function showMemberLine(el, lock) {
  try {
    const line = await memberDeviceLine(lock);
    el.hidden = !line;
    text(el, line || '');
  } catch {
    el.hidden = true;
  }
}
