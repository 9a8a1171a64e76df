// The lock's codes in plain words. Unknown codes (a newer lock) are shown readably, never dropped.
// Words move into the message table (i18n.js, messages-*.js) as they are touched; this file keeps
// the mapping from the lock's codes to keys.
import { has, t } from './i18n.js';

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
  if (cloudWords) {
    const words = String(cloudWords);
    return `${words[0].toUpperCase()}${words.slice(1)}${/[.!?]$/.test(words) ? '' : '.'}`;
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

export const door = (code) => ({ OPEN: 'Open', CLOSED: 'Closed', UNKNOWN: 'Unknown (no door sensor)' }[code] || (code ? sentence(code) : '—'));
export const bolt = (code) => ({ LOCKED: 'Locked', UNLOCKED: 'Unlocked', JAMMED: 'Jammed' }[code] || (code ? sentence(code) : '—'));

// keys: credential.kind.*
export const credentialKind = (code) => (['FACE', 'FINGERPRINT', 'PASSCODE'].includes(code) ? t(`credential.kind.${code}`) : sentence(code));
// keys: role.lock.*
export const lockRole = (code) => ({ ADMINISTRATOR: 'role.lock.ADMINISTRATOR', USER: 'role.lock.USER' }[code] ? t(`role.lock.${code}`) : sentence(code));
export const accountRole = (code) => ({ OWNER: 'Owner', MANAGER: 'Manager', MEMBER: 'Member' }[code] || sentence(code));

export const accessoryKind = (code) => ({ DOOR_SENSOR: 'Door sensor', REMOTE_CONTROLLER: 'Remote controller' }[code] || sentence(code));

/** H6 settings: how each is edited. */
export const SETTINGS = [
  { key: 'BODY_TYPE', label: 'Lock body type', type: 'select', options: [['WITH_SENSOR', 'With door sensor'], ['WITHOUT_SENSOR', 'Without door sensor']] },
  { key: 'LANGUAGE', label: 'Voice language', type: 'select', options: [['EN', 'English'], ['ZH', 'Chinese (中文)']] },
  { key: 'FACE_TRIGGER', label: 'Face recognition trigger', type: 'select', options: [['AUTO', 'Automatic'], ['MANUAL', 'Manual (touch the keypad first)']] },
  { key: 'RELOCK_SECONDS', label: 'Automatic relock time', type: 'number', min: 5, max: 120, unit: 'seconds' },
  { key: 'REMOTE_UNLOCK', label: 'Remote unlock', type: 'bool', hint: 'Allow unlocking from this app' },
  { key: 'TRIAL_AND_ERROR_LOCK', label: 'Trial-and-error locking', type: 'bool', hint: 'Lock the keypad for 3 minutes after repeated failures' },
  { key: 'PRIVACY_MODE', label: 'Privacy mode', type: 'bool', hint: 'Only administrators can unlock; prompts are muted' },
  { key: 'LEAVING_HOME', label: 'Leaving-home mode', type: 'bool', hint: 'Alert when the door is opened from inside' },
  { key: 'SYNCHRONIZED_UNLOCK', label: 'Synchronized unlock', type: 'bool', hint: 'Opening a linked lock from outside opens this one too (link locks on the Synchronized unlock page)' },
  { key: 'SYNCHRONIZATION_SECONDS', label: 'Synchronized unlock duration', type: 'number', min: 5, max: 60, unit: 'seconds' },
  { key: 'WIFI', label: 'Wi-Fi', type: 'bool', hint: 'Switching Wi-Fi off takes the lock offline from the app' },
];

const SETTING_LABELS = Object.fromEntries(SETTINGS.map((s) => [s.key, s.label]));
export const settingLabel = (key) => SETTING_LABELS[key] || sentence(key);

export function settingValue(key, value) {
  const setting = SETTINGS.find((s) => s.key === key);
  if (!setting) {
    return String(value);
  }
  if (setting.type === 'bool') {
    return value === 'true' ? 'on' : 'off';
  }
  if (setting.type === 'select') {
    const option = setting.options.find(([v]) => v === value);
    return option ? option[1] : String(value);
  }
  return `${value} ${setting.unit}`;
}

/** A pending or completed lock command in plain words. */
export function command(c, userName = (id) => `user ${id}`) {
  if (!c || typeof c !== 'object') {
    return 'a change';
  }
  switch (c.type) {
    case 'ADD_USER': return `add ${lockRole(c.role).toLowerCase()} “${c.name}”`;
    case 'DELETE_USER': return `delete ${userName(c.user)}`;
    case 'SET_VALIDITY': return `change the validity of ${userName(c.user)}`;
    case 'START_ENROLMENT': return `add a ${credentialKind(c.kind).toLowerCase()}${c.duress ? ' (duress)' : ''} for ${userName(c.user)}`;
    case 'CANCEL_ENROLMENT': return 'cancel the enrolment';
    case 'DELETE_CREDENTIAL': return `delete ${c.credential} of ${userName(c.user)}`;
    case 'CHANGE_SETTING': return `${settingLabel(c.setting).toLowerCase()} → ${settingValue(c.setting, c.value)}`;
    case 'LIFT_LOCKOUT': return 'lift the lockout';
    case 'PAIR_ACCESSORY': return `pair ${accessoryKind(c.kind).toLowerCase()} “${c.name}”`;
    case 'REMOVE_ACCESSORY': return `remove accessory ${c.id}`;
    default: return readable(c.type) || 'a change';
  }
}

/** The guided enrolment's current instruction (the lock's voice prompts, B3-B5). */
export function enrolmentStep(e) {
  const of = `(${e.step} of ${e.steps})`;
  switch (e.kind) {
    case 'PASSCODE':
      return e.step <= 1 ? `Enter the passcode on the lock ${of}` : `Enter the same passcode again ${of}`;
    case 'FINGERPRINT':
      return e.step <= 1 ? `Press the finger on the reader ${of}` : `Press the finger again ${of}`;
    case 'FACE': {
      const poses = ['Look straight at the camera', 'Look up', 'Look down', 'Turn your head left', 'Turn your head right'];
      return `${poses[e.step - 1] || 'Follow the lock\'s prompt'} ${of}`;
    }
    default:
      return `Follow the lock's prompts ${of}`;
  }
}

export const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
