// The lock's voice: prompts spoken by the browser, only while the person has turned Sound on.

let on = false;

function synth() {
  return typeof window !== 'undefined' && 'speechSynthesis' in window
      && typeof window.SpeechSynthesisUtterance === 'function' ? window.speechSynthesis : null;
}

export function available() {
  return synth() !== null;
}

export function setSound(enabled) {
  const was = on;
  on = Boolean(enabled);
  if (was && !on) {
    const s = synth();
    if (s) {
      s.cancel(); // stop talking at once when turned off
    }
  }
}

export function soundOn() {
  return on;
}

/** Speaks the text in the prompt's language (Chinese text in a Chinese voice); nothing when Sound is off. */
export function speak(text) {
  if (!on || !text) {
    return;
  }
  const s = synth();
  if (!s) {
    return;
  }
  const utterance = new window.SpeechSynthesisUtterance(text);
  utterance.lang = /[\u3400-\u9fff]/.test(text) ? 'zh-CN' : 'en-US';
  s.speak(utterance);
}
