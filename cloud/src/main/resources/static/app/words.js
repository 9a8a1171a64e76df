// The lock's codes in plain words. Unknown codes (a newer lock) are shown readably, never dropped.
// The words are in the message tables (i18n.js, messages-*.js); this file maps the lock's codes to keys.
import { asSentence } from './errors.js';
import { has, language, t } from './i18n.js';

const readable = (code) => (code ? String(code).toLowerCase().replaceAll('_', ' ') : '');
const sentence = (code) => {
  const words = readable(code);
  return words ? words[0].toUpperCase() + words.slice(1) : '';
};

/**
 * The event kinds the cloud filters by: every io.keyward.protocol.event.EventKind, no other
 * (AppWordsTest fails otherwise, as it does for METHODS, ALARMS and lockRole).
 */
// keys: event.kind.*
export const EVENT_KINDS = [
  ['UNLOCK', 'event.kind.UNLOCK'],
  ['LOCK', 'event.kind.LOCK'],
  ['ALARM', 'event.kind.ALARM'],
  ['DOORBELL', 'event.kind.DOORBELL'],
  ['USER_ADDED', 'event.kind.USER_ADDED'],
  ['USER_DELETED', 'event.kind.USER_DELETED'],
  ['VALIDITY_CHANGED', 'event.kind.VALIDITY_CHANGED'],
  ['CREDENTIAL_ADDED', 'event.kind.CREDENTIAL_ADDED'],
  ['CREDENTIAL_DELETED', 'event.kind.CREDENTIAL_DELETED'],
  ['ENROLMENT_FAILED', 'event.kind.ENROLMENT_FAILED'],
  ['SETTING_CHANGED', 'event.kind.SETTING_CHANGED'],
  ['LOCKOUT_LIFTED', 'event.kind.LOCKOUT_LIFTED'],
  ['COMMAND_REFUSED', 'event.kind.COMMAND_REFUSED'],
  ['PAIRING_MODE', 'event.kind.PAIRING_MODE'],
  ['PAIRED', 'event.kind.PAIRED'],
  ['FACTORY_RESET', 'event.kind.FACTORY_RESET'],
  ['VISITOR_CODE_REVOKED', 'event.kind.VISITOR_CODE_REVOKED'],
  ['BLUETOOTH_KEY_REVOKED', 'event.kind.BLUETOOTH_KEY_REVOKED'],
  ['ACCESSORY_PAIRED', 'event.kind.ACCESSORY_PAIRED'],
  ['ACCESSORY_REMOVED', 'event.kind.ACCESSORY_REMOVED'],
  ['DEVICE_BOUND', 'event.kind.DEVICE_BOUND'],
  ['BIND_MODE', 'event.kind.BIND_MODE'],
  ['DEVICE_REMOVED', 'event.kind.DEVICE_REMOVED'],
];

const KIND_KEYS = Object.fromEntries(EVENT_KINDS);

/** A kind's name as a filter shows it ("Unlock"), not as an event reads ("Unlocked"). */
export const eventKindName = (kind) => (KIND_KEYS[kind] ? t(KIND_KEYS[kind]) : sentence(kind));

/** The kinds for a filter: [code, words] in the current language. */
export const eventKindOptions = () => EVENT_KINDS.map(([code, key]) => [code, t(key)]);

export function eventKind(kind, result) {
  if (kind === 'UNLOCK') {
    return result === 'REFUSED' ? t('event.unlockAttempt') : t('event.unlocked');
  }
  if (kind === 'LOCK') {
    return t('event.locked');
  }
  return KIND_KEYS[kind] ? t(KIND_KEYS[kind]) : sentence(kind);
}

// keys: method.*
const METHODS = {
  FACE: 'method.FACE',
  FINGERPRINT: 'method.FINGERPRINT',
  PASSCODE: 'method.PASSCODE',
  MECHANICAL_KEY: 'method.MECHANICAL_KEY',
  INSIDE_HANDLE: 'method.INSIDE_HANDLE',
  REMOTE: 'method.REMOTE',
  BLUETOOTH: 'method.BLUETOOTH',
  VISITOR_PASSCODE: 'method.VISITOR_PASSCODE',
  REMOTE_CONTROLLER: 'method.REMOTE_CONTROLLER',
  SYNCHRONIZED: 'method.SYNCHRONIZED',
  HOME_MQTT: 'method.HOME_MQTT',
};

export const method = (code) => (code ? (METHODS[code] ? t(METHODS[code]) : sentence(code)) : '');

// keys: refusal.*
/**
 * A refusal's plain words, keyed by the lock's code (the API's reason): the table's words, else the
 * cloud's own words for it (error), else the code made readable. Never the code itself.
 */
export function refusal(code, cloudWords) {
  if (code && has(`refusal.${code}`)) {
    return t(`refusal.${code}`);
  }
  // the cloud's own words are English: another language says only that the lock refused
  if (language() !== 'en') {
    return t('refusal.fallback');
  }
  if (cloudWords) {
    return asSentence(cloudWords);
  }
  return code ? `${sentence(code)}.` : t('refusal.fallback');
}

/** The reason a refused event names, as a sentence (the same table as refusals). */
export const reason = (code) => (code ? refusal(code) : '');

// keys: alarm.*
const ALARMS = {
  TAMPER: 'alarm.TAMPER',
  DURESS: 'alarm.DURESS',
  SYSTEM_LOCKED: 'alarm.SYSTEM_LOCKED',
  LOW_BATTERY: 'alarm.LOW_BATTERY',
  LEAVING_HOME_INSIDE_OPENING: 'alarm.LEAVING_HOME_INSIDE_OPENING',
  BOLT_JAMMED: 'alarm.BOLT_JAMMED',
  DOORBELL: 'alarm.DOORBELL',
};

// Alerts the cloud raises itself, not a lock's alarm (io.keyward.cloud.alerts.AccountAlerts; AppWordsTest).
// keys: alert.*
const CLOUD_ALERTS = {
  WEBHOOK_DISABLED: 'alert.WEBHOOK_DISABLED',
  PERSON_SYNC_FAILED: 'alert.PERSON_SYNC_FAILED',
};

export function alarm(code) {
  const key = ALARMS[code] || CLOUD_ALERTS[code];
  return code ? (key ? t(key) : sentence(code)) : '';
}

// keys: door.*
export const door = (code) => (['OPEN', 'CLOSED', 'UNKNOWN'].includes(code) ? t(`door.${code}`) : (code ? sentence(code) : '—'));
// keys: bolt.*
export const bolt = (code) => (['LOCKED', 'UNLOCKED', 'JAMMED'].includes(code) ? t(`bolt.${code}`) : (code ? sentence(code) : '—'));

// keys: credential.kind.*
export const credentialKind = (code) => (['FACE', 'FINGERPRINT', 'PASSCODE'].includes(code) ? t(`credential.kind.${code}`) : sentence(code));
// keys: role.lock.*
export const lockRole = (code) => ({ ADMINISTRATOR: 'role.lock.ADMINISTRATOR', USER: 'role.lock.USER' }[code] ? t(`role.lock.${code}`) : sentence(code));
// keys: role.account.*
export const accountRole = (code) => (['OWNER', 'MANAGER', 'MEMBER'].includes(code) ? t(`role.account.${code}`) : sentence(code));

// keys: accessory.kind.*
export const accessoryKind = (code) => (['DOOR_SENSOR', 'REMOTE_CONTROLLER'].includes(code) ? t(`accessory.kind.${code}`) : sentence(code));

// keys: setting.*
/**
 * One H6 setting: how it is edited. Its words are read when shown (label, hint, options, unit), so a
 * page drawn after a switch of language shows the new language.
 */
function setting(key, type, extra = {}) {
  const { options = [], hint = false, unit = false, ...rest } = extra;
  return {
    key, type, ...rest,
    get label() { return t(`setting.${key}`); },
    get hint() { return hint ? t(`setting.${key}.hint`) : undefined; },
    get unit() { return unit ? t('setting.unit.seconds') : undefined; },
    get options() { return options.map((value) => [value, t(`setting.${key}.${value}`)]); },
  };
}

/** H6 settings: how each is edited. */
export const SETTINGS = [
  setting('BODY_TYPE', 'select', { options: ['WITH_SENSOR', 'WITHOUT_SENSOR'] }),
  setting('LANGUAGE', 'select', { options: ['EN', 'ZH'] }),
  setting('FACE_TRIGGER', 'select', { options: ['AUTO', 'MANUAL'] }),
  setting('RELOCK_SECONDS', 'number', { min: 5, max: 120, unit: true }),
  setting('REMOTE_UNLOCK', 'bool', { hint: true }),
  setting('TRIAL_AND_ERROR_LOCK', 'bool', { hint: true }),
  setting('PRIVACY_MODE', 'bool', { hint: true }),
  setting('LEAVING_HOME', 'bool', { hint: true }),
  setting('SYNCHRONIZED_UNLOCK', 'bool', { hint: true }),
  setting('SYNCHRONIZATION_SECONDS', 'number', { min: 5, max: 60, unit: true }),
  setting('WIFI', 'bool', { hint: true }),
];

export const settingLabel = (key) => {
  const found = SETTINGS.find((s) => s.key === key);
  return found ? found.label : sentence(key);
};

export function settingValue(key, value) {
  const found = SETTINGS.find((s) => s.key === key);
  if (!found) {
    return String(value);
  }
  if (found.type === 'bool') {
    return value === 'true' ? t('setting.on') : t('setting.off');
  }
  if (found.type === 'select') {
    const option = found.options.find(([v]) => v === value);
    return option ? option[1] : String(value);
  }
  return t('setting.valueWithUnit', { value, unit: found.unit });
}

/** A pending or completed lock command in plain words (a phrase: "delete Bob (user 2)"). */
export function command(c, userName = (id) => t('lock.userNumber', { id })) {
  if (!c || typeof c !== 'object') {
    return t('command.aChange');
  }
  const user = () => userName(c.user);
  switch (c.type) {
    case 'ADD_USER': return t('command.ADD_USER', { role: lockRole(c.role).toLowerCase(), name: c.name });
    case 'DELETE_USER': return t('command.DELETE_USER', { user: user() });
    case 'SET_VALIDITY': return t('command.SET_VALIDITY', { user: user() });
    case 'START_ENROLMENT': {
      const what = { kind: credentialKind(c.kind).toLowerCase(), user: user() };
      return c.duress ? t('command.START_ENROLMENT.duress', what) : t('command.START_ENROLMENT', what);
    }
    case 'CANCEL_ENROLMENT': return t('command.CANCEL_ENROLMENT');
    case 'DELETE_CREDENTIAL': return t('command.DELETE_CREDENTIAL', { credential: c.credential, user: user() });
    case 'CHANGE_SETTING': return t('command.CHANGE_SETTING',
      { setting: settingLabel(c.setting).toLowerCase(), value: settingValue(c.setting, c.value) });
    case 'LIFT_LOCKOUT': return t('command.LIFT_LOCKOUT');
    case 'PAIR_ACCESSORY': return t('command.PAIR_ACCESSORY', { kind: accessoryKind(c.kind).toLowerCase(), name: c.name });
    case 'REMOVE_ACCESSORY': return t('command.REMOVE_ACCESSORY', { id: c.id });
    default: return readable(c.type) || t('command.aChange');
  }
}

// keys: enrol.*
/** The guided enrolment's current instruction (the lock's voice prompts, B3-B5). */
export function enrolmentStep(e) {
  const of = { step: e.step, steps: e.steps };
  switch (e.kind) {
    case 'PASSCODE':
      return t(e.step <= 1 ? 'enrol.passcode.first' : 'enrol.passcode.again', of);
    case 'FINGERPRINT':
      return t(e.step <= 1 ? 'enrol.fingerprint.first' : 'enrol.fingerprint.again', of);
    case 'FACE':
      return t(e.step >= 1 && e.step <= 5 ? `enrol.face.${e.step}` : 'enrol.follow', of);
    default:
      return t('enrol.follow', of);
  }
}

export const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
