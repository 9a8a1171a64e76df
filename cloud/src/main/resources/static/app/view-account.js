// Sign in and sign up (SPEC H1): both forms on one page.
import { ApiError, post } from './api.js';
import { field, h } from './dom.js';
import { t } from './i18n.js';
import { app, signedIn } from './session.js';

export function renderSignIn(main) {
  const signinEmail = h('input', { id: 'signin-email', type: 'email', autocomplete: 'username', required: true, maxlength: 254 });
  const signinPassword = h('input', { id: 'signin-password', type: 'password', autocomplete: 'current-password', required: true, maxlength: 1000 });
  const signinSubmit = h('button', { id: 'signin-submit', type: 'submit', class: 'btn btn-primary btn-block' }, t('account.signIn'));

  const signupEmail = h('input', { id: 'signup-email', type: 'email', autocomplete: 'email', required: true, maxlength: 254 });
  const signupName = h('input', { id: 'signup-name', type: 'text', autocomplete: 'name', required: true, maxlength: 100 });
  const signupPassword = h('input', { id: 'signup-password', type: 'password', autocomplete: 'new-password', required: true, minlength: 10, maxlength: 1000 });
  const signupSubmit = h('button', { id: 'signup-submit', type: 'submit', class: 'btn btn-secondary btn-block' }, t('account.createAccount'));

  async function signIn(email, password, button, busyText) {
    const label = button.textContent;
    button.disabled = true;
    button.textContent = busyText;
    try {
      const { data } = await post('/api/session', { email, password }, { quiet401: true });
      signedIn(data);
      app.flash(t('account.welcome', { name: data.displayName || data.email }));
      app.go('#/locks');
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  }

  const signinForm = h('form', {
    class: 'stack', novalidate: true, 'aria-labelledby': 'signin-heading',
    onsubmit: async (event) => {
      event.preventDefault();
      const email = signinEmail.value.trim();
      if (!email || !signinPassword.value) {
        app.fail(t('account.enterEmailAndPassword'));
        (email ? signinPassword : signinEmail).focus();
        return;
      }
      try {
        await signIn(email, signinPassword.value, signinSubmit, t('account.signingIn'));
      } catch (e) {
        app.fail(e, t('account.couldNotSignIn'));
        signinPassword.focus();
      }
    },
  },
  field(t('account.email'), signinEmail),
  field(t('account.password'), signinPassword),
  signinSubmit);

  const signupForm = h('form', {
    class: 'stack', novalidate: true, 'aria-labelledby': 'signup-heading',
    onsubmit: async (event) => {
      event.preventDefault();
      const email = signupEmail.value.trim();
      const name = signupName.value.trim();
      const password = signupPassword.value;
      if (!email || !email.includes('@')) {
        app.fail(t('account.enterValidEmail'));
        signupEmail.focus();
        return;
      }
      if (!name) {
        app.fail(t('account.enterName'));
        signupName.focus();
        return;
      }
      if (password.length < 10) {
        app.fail(t('account.passwordTooShort'));
        signupPassword.focus();
        return;
      }
      signupSubmit.disabled = true;
      signupSubmit.textContent = t('account.creating');
      try {
        await post('/api/accounts', { email, displayName: name, password });
      } catch (e) {
        signupSubmit.disabled = false;
        signupSubmit.textContent = t('account.createAccount');
        app.fail(e, t('account.couldNotCreate'));
        return;
      }
      signupSubmit.disabled = false;
      signupSubmit.textContent = t('account.createAccount');
      try {
        await signIn(email, password, signupSubmit, t('account.signingIn'));
      } catch (e) {
        // sign-up does not say whether the email was taken (no enumeration): a taken one fails here
        app.fail(e instanceof ApiError ? e : String(e), t('account.signInAfterSignUpFailed'));
      }
    },
  },
  field(t('account.email'), signupEmail),
  field(t('account.displayName'), signupName, t('account.displayNameHint')),
  field(t('account.password'), signupPassword, t('invite.passwordHint')),
  signupSubmit);

  main.append(
    h('section', { class: 'hero' },
      h('h1', {}, t('account.heroTitle')),
      h('p', { class: 'lead' }, t('account.heroLead'))),
    h('div', { class: 'grid-2' },
      h('section', { class: 'card' }, h('h2', { id: 'signin-heading' }, t('account.signIn')), signinForm),
      h('section', { class: 'card' }, h('h2', { id: 'signup-heading' }, t('account.createAnAccount')), signupForm)));
}
