// The page's two feedback places: the status line under the header (#message) and the toast (#toast).
// Only session.js uses them (as app.say, app.fail, app.clear, app.toast); views go through app.

const message = document.getElementById('message');
const toastBox = document.getElementById('toast');

let toastTimer = null;

/** The status line: role="alert" while it shows an error, role="status" otherwise; empty hides it. */
export function showMessage(text, error) {
  message.textContent = text || '';
  message.hidden = !text;
  message.classList.toggle('error', Boolean(error && text));
  message.setAttribute('role', error ? 'alert' : 'status');
}

/** The toast, for 8 s (a live alert). */
export function showToast(text) {
  clearTimeout(toastTimer);
  toastBox.textContent = text;
  toastBox.hidden = false;
  toastTimer = setTimeout(() => {
    toastBox.hidden = true;
    toastBox.textContent = '';
  }, 8000);
}

/** A click on the toast hides it, then fn runs (session.js opens the alerts page). */
export function onToastClick(fn) {
  toastBox.addEventListener('click', () => {
    toastBox.hidden = true;
    fn();
  });
}
