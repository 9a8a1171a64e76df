// What the panel's speech bubble says (issue 14): the prompt the lock just spoke, for a few seconds,
// then what to do next in the state the lock is in - never a bare "quiet". The voice prompts are the
// manual's; these words are the screen's own and may say more (the manual's steps, A1 and A3).

/** A prompt stays in the bubble this long (by the lock's clock), then the next step returns. */
export const PROMPT_SHOWN_MS = 4000;

/** "4 min 05 s" from seconds: the countdown of pairing mode in words. */
export function minutesAndSeconds(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return m > 0 ? `${m} min ${String(rest).padStart(2, '0')} s` : `${rest} s`;
}

/** Seconds left of pairing mode at the lock's time `now` (ms), or null outside pairing mode. */
export function pairingLeft(s, nowMs) {
  if (!s.pairing || !s.pairing.expiresAt) {
    return null;
  }
  return Math.max(0, (Date.parse(s.pairing.expiresAt) - nowMs) / 1000);
}

/**
 * {id, text} for the bubble: id is a stable name (a prompt's id while it is fresh, else NEXT_...) so
 * tests and styles can tell them apart. nowMs: the lock's time, advanced by the page between polls.
 */
export function bubble(s, nowMs) {
  const prompts = s.prompts || [];
  const last = prompts.length ? prompts[prompts.length - 1] : null;
  const fresh = last && nowMs - Date.parse(last.at) < PROMPT_SHOWN_MS;
  const next = nextStep(s, nowMs, last);
  // a fresh prompt is what the person just heard; the guided steps (enrolment) keep their prompt
  if (last && (fresh || (s.enrolment && next.id === 'NEXT_ENROLMENT'))) {
    return { id: last.id, text: last.silent ? `${last.text} (muted)` : last.text };
  }
  return next;
}

/** What to do next, by state, most pressing first. */
export function nextStep(s, nowMs, last) {
  if (!s.powered) {
    return { id: 'NEXT_POWER', text: 'No power: put the battery back, or connect a power bank to the USB-C port under the keypad.' };
  }
  if (s.lockout && s.lockout.active) {
    return { id: 'NEXT_LOCKOUT', text: 'Too many wrong attempts: the keypad waits. The mechanical key still opens the door.' };
  }
  const left = pairingLeft(s, nowMs);
  if (left !== null) {
    return left > 0
      ? { id: 'NEXT_PAIRING', text: `Pairing mode: in the Keyward app choose “Add a lock” and scan or paste this code. `
          + `It works for ${minutesAndSeconds(left)} more.` }
      : { id: 'NEXT_PAIRING', text: 'The pairing code has expired: hold SET on the rear panel for 3 s for a new one.' };
  }
  if (s.enrolment) {
    return { id: 'NEXT_ENROLMENT', text: `Enrolling: step ${s.enrolment.step} of ${s.enrolment.steps}. Follow the voice.` };
  }
  if (s.administrator === false) {
    if (!s.keypad.awake) {
      return { id: 'NEXT_WAKE_NEW', text: 'Touch the keypad to wake the lock, then create its first administrator.' };
    }
    if ((s.keypad.input || '').length > 0 || (last && last.id === 'ENTER_AGAIN')) {
      return { id: 'NEXT_ADMIN_PASSCODE', text: 'Type a passcode of 6 to 10 digits (not 123456 or 111111) and press ✓; then type it again and ✓.' };
    }
    return { id: 'NEXT_CREATE_ADMIN', text: 'No administrator yet: press ✓, type a passcode of 6 to 10 digits and ✓, then the same again and ✓.' };
  }
  // the administrator was just made and the lock is not in the app yet: pairing is next (SET works asleep too)
  if (!s.online && last && last.id === 'OPERATION_SUCCESSFUL' && !s.enrolment) {
    return { id: 'NEXT_PAIR', text: 'Administrator ready. To add the lock to the app, hold SET on the rear panel for 3 s.' };
  }
  if (!s.keypad.awake) {
    return { id: 'NEXT_WAKE', text: 'Touch the keypad to wake the lock.' };
  }
  return { id: 'NEXT_UNLOCK', text: 'Type a passcode and press ✓, or use a finger, a face or the app.' };
}
