// Shared members' devices (issue 15, design §2 kwdg1/kwdr1, §7): a member's browser registers itself
// with its account and waits until one of the owner's devices signs a grant for it; the owner's Devices
// page lists the waiting devices (grant: signed here, the role the sharing gives) and the live grants
// (revoke: a kwdr1 signed here, which the cloud queues to the lock and every app carries over Bluetooth;
// a manager's device grants and revokes members' and visitors' grants, its own chain beside or above it,
// rule T7).
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
 * (rule T7: it may then grant and revoke): {chain, role, deviceId, validFrom, validUntil} (ms); else null.
 */
async function managingChain(lock) {
  const mine = await myGrant(lock);
  return mine.status === 'GRANTED' && (mine.role === 'OWNER' || mine.role === 'MANAGER')
    ? {
      chain: mine.chain, role: mine.role, deviceId: mine.deviceId,
      validFrom: Date.parse(mine.validFrom), validUntil: Date.parse(mine.validUntil),
    } : null;
}

/** Roles from the lowest; a grant's role is at most the sharing's (the cloud's HolderRule). */
const RANKS = ['VISITOR', 'MEMBER', 'MANAGER', 'OWNER'];
/** What a chain's role may sign, as the lock checks it (GrantChain, design §2): a MANAGER signs MEMBER or VISITOR only. */
const SIGNS = { OWNER: RANKS, MANAGER: ['VISITOR', 'MEMBER'] };

/**
 * The role a granting chain gives a waiting device: the request's own role when the chain may sign it,
 * else the highest it may sign below that (a manager's device grants a manager's device MEMBER); null
 * when the chain cannot grant at all. The lock takes a chain of leaf + one parent only (CHAIN_TOO_LONG),
 * so a chain that is itself two long signs nothing.
 */
function roleFor(granter, requestRole) {
  if (granter.chain.length !== 1) {
    return null;
  }
  const cap = RANKS.indexOf(requestRole);
  const allowed = SIGNS[granter.role].filter((r) => RANKS.indexOf(r) <= cap);
  return allowed.length ? allowed[allowed.length - 1] : null;
}

/**
 * A member's grant period from a granting chain: a year from now (as an owner device's), cut to lie
 * within the chain's own grant, as the lock requires of a leaf (ROLE_NOT_ALLOWED otherwise).
 */
function periodWithin(granter, now) {
  return {
    validFrom: Math.max(now - SLACK_MS, granter.validFrom),
    validUntil: Math.min(now + GRANT_MS, granter.validUntil),
  };
}

/** Whether a visitor's pairing-code period lies within the chain's grant (it is signed exactly as asked, E3). */
function visitorFits(granter, r) {
  return Date.parse(r.validFrom) >= granter.validFrom && Date.parse(r.validUntil) <= granter.validUntil;
}

/**
 * Whether the managing chain may revoke grant g (T7, as the lock checks it): an OWNER-role chain any; a
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
 * with Grant; grants, with Revoke. Both need this browser to be an owner device, or a device holding a
 * manager's (or owner-role) grant (T7): it grants members and visitors within its own grant, and revokes
 * their grants with its chain. Elsewhere the lists show and a note says where to sign. update(lock) is
 * called on every poll.
 */
export function sharedDevicesCard(lockId) {
  const intro = h('p', { class: 'muted' }, t('grants.intro'));
  const signHere = h('p', { id: 'grants-sign-where', class: 'note', hidden: true }, t('grants.signOnOwnerDevice'));
  // its words name this device's own grant's end, set in update()
  const managerNote = h('p', { id: 'grants-manager-revokes', class: 'note', hidden: true });
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
  let manager = null; // T7: this device's chain when it grants and revokes as a manager (not an owner device)
  let shown = null;

  /** The role and period this device signs for a request: a visitor's exactly as its code asked (SPEC E3). */
  function terms(request, now) {
    if (request.kind === 'VISITOR') {
      return { role: 'VISITOR', validFrom: Date.parse(request.validFrom), validUntil: Date.parse(request.validUntil) };
    }
    return signer
      ? { role: request.role, validFrom: now - SLACK_MS, validUntil: now + GRANT_MS }
      : { role: roleFor(manager, request.role), ...periodWithin(manager, now) };
  }

  async function give(request, button) {
    button.disabled = true;
    try {
      await registerThisDevice(); // the cloud checks the grant against this device's registered key
      const now = Date.now();
      const visitor = request.kind === 'VISITOR';
      const token = await grant({
        serial: lock.serial, holderKey: request.deviceKey, account: request.accountEmail || request.accountId,
        ...terms(request, now), issuedAt: now,
      });
      // the token alone, also from a manager's device: the cloud finds the signer's own grant as the parent
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
      await post(`${lockPath(lockId)}/grants/${seg(g.grantId)}/revocation`, signer ? { token } : { token, chain: manager.chain });
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
      approveButton(r));
  }

  /** Approve, when this device may sign VISITOR for the code's whole period; else a line why not (or nothing). */
  function approveButton(r) {
    const fits = signer || (manager && roleFor(manager, 'VISITOR') && visitorFits(manager, r));
    if (!fits) {
      return manager ? h('p', { class: 'note' }, t('grants.visitorOutsideManager')) : null;
    }
    return h('button', {
      id: `approve-${r.inviteId}`, type: 'button', class: 'btn btn-primary btn-small',
      onclick: (event) => give(r, event.currentTarget),
    }, t('grants.approve'));
  }

  /** Grant, with the role this device gives (a manager's device: MEMBER or VISITOR only); null when it cannot sign. */
  function grantButton(r) {
    const role = signer ? r.role : manager && roleFor(manager, r.role);
    return role ? h('button', {
      id: `grant-${r.deviceId}`, type: 'button', class: 'btn btn-primary btn-small', 'data-role': role,
      onclick: (event) => give(r, event.currentTarget),
    }, t('grants.grant', { role: roleWords(role).toLowerCase() })) : null;
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
      grantButton(r));
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
      live && (signer || (manager && mayRevoke(manager, g, lock))) ? h('button', {
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
    manager = !signer && supported() ? await managingChain(lock) : null;
    signHere.hidden = signer || Boolean(manager);
    managerNote.hidden = !manager;
    if (manager) {
      text(managerNote, t('grants.managerRevokes', { until: dateTime(manager.validUntil) }));
    }
    const [{ data: requests }, { data: list }] = await Promise.all([
      get(`${lockPath(lockId)}/device-requests`), get(`${lockPath(lockId)}/grants`)]);
    const key = JSON.stringify([signer, manager, requests, list]);
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
