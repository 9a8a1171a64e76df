// The LockCommand JSON the app signs in trust mode (issue 15, design §2 kwdc1 and §3), in the exact
// shape protocol/.../command/LockCommand.java reads and the cloud builds from the same request: the
// cloud parses the signed command and requires it to equal (Java records) its own, else 400
// DEVICE_COMMAND_MISMATCH. So every builder does what the cloud's endpoint does to its request:
// names stripped, a missing validity is "always" (all three parts null), settings normalized as
// Setting.normalize does. Imports nothing: the cross-check test loads it alone.

const strip = (text) => String(text).trim();

/** LockCommand.Validity: from/until ISO instants or null, weekly windows or null (the cloud's toLock()). */
export function validity(v) {
  if (!v) {
    return { from: null, until: null, weekly: null };
  }
  return {
    from: v.from || null,
    until: v.until || null,
    weekly: Array.isArray(v.weekly)
      ? v.weekly.map((w) => ({ days: w.days, fromMinute: w.fromMinute, untilMinute: w.untilMinute }))
      : null,
  };
}

/** REMOTE_UNLOCK: account is the signed-in account's email, as the cloud names who asked (SPEC C6). */
export const remoteUnlock = (account) => ({ type: 'REMOTE_UNLOCK', account });

/** ADD_USER as POST /api/locks/{id}/users builds it (no passcode: the app's user form sets none). */
export const addUser = (name, role, v) => ({ type: 'ADD_USER', name: strip(name), role, validity: validity(v) });

export const replacePasscode = (user, passcode) => ({ type: 'REPLACE_PASSCODE', user: Number(user), passcode });

export const setValidity = (user, v) => ({ type: 'SET_VALIDITY', user: Number(user), validity: validity(v) });

export const startEnrolment = (user, kind, duress) => ({ type: 'START_ENROLMENT', user: Number(user), kind, duress: Boolean(duress) });

export const liftLockout = () => ({ type: 'LIFT_LOCKOUT' });

export const pairAccessory = (kind, name) => ({ type: 'PAIR_ACCESSORY', kind, name: strip(name) });

export const removeDevice = (deviceId) => ({ type: 'REMOVE_DEVICE', deviceId });

/** LINK_LOCK (design §9): the lock that follows learns the key of the lock serial (its reported lockKey). */
export const linkLock = (serial, lockKey) => ({ type: 'LINK_LOCK', serial, lockKey });

/** SET_HOME_MQTT as PUT /api/locks/{id}/home-mqtt builds it (off: every other field null or false). */
export function setHomeMqtt(body) {
  if (!body.enabled) {
    return { type: 'SET_HOME_MQTT', enabled: false, host: null, port: null, username: null, password: null, allowUnlock: false };
  }
  return {
    type: 'SET_HOME_MQTT',
    enabled: true,
    host: body.host == null ? null : strip(body.host),
    port: body.port == null ? null : Number(body.port),
    username: body.username ?? null,
    password: body.password ?? null,
    allowUnlock: body.allowUnlock === true,
  };
}

const BOOLEAN_SETTINGS = ['REMOTE_UNLOCK', 'TRIAL_AND_ERROR_LOCK', 'PRIVACY_MODE', 'LEAVING_HOME', 'SYNCHRONIZED_UNLOCK', 'WIFI'];
const UPPER_SETTINGS = ['BODY_TYPE', 'LANGUAGE', 'FACE_TRIGGER'];
const SECONDS_SETTINGS = ['RELOCK_SECONDS', 'SYNCHRONIZATION_SECONDS'];

/** A setting's value in its stored form (Setting.normalize); a value it would refuse is left as typed (the cloud says 400). */
export function normalizeSetting(setting, value) {
  const v = strip(value ?? '');
  if (BOOLEAN_SETTINGS.includes(setting)) {
    return v.toLowerCase();
  }
  if (UPPER_SETTINGS.includes(setting)) {
    return v.toUpperCase();
  }
  if (SECONDS_SETTINGS.includes(setting) && /^[+-]?[0-9]{1,9}$/.test(v)) {
    return String(Number.parseInt(v, 10));
  }
  return v;
}

export const changeSetting = (setting, value) => ({ type: 'CHANGE_SETTING', setting, value: normalizeSetting(setting, value) });

/** Design §3: the settings whose change needs a device signature in trust mode (any value). */
export const SIGNED_SETTINGS = ['REMOTE_UNLOCK', 'SYNCHRONIZED_UNLOCK', 'PRIVACY_MODE', 'TRIAL_AND_ERROR_LOCK'];

/** Design §3: whether this command needs a device signature in trust mode. */
export function needsSignature(command) {
  switch (command.type) {
    case 'REMOTE_UNLOCK': case 'ADD_USER': case 'REPLACE_PASSCODE': case 'SET_VALIDITY': case 'START_ENROLMENT':
    case 'LIFT_LOCKOUT': case 'PAIR_ACCESSORY': case 'SET_HOME_MQTT': case 'REMOVE_DEVICE': case 'LINK_LOCK':
      return true;
    case 'CHANGE_SETTING':
      return SIGNED_SETTINGS.includes(command.setting);
    default:
      return false;
  }
}
