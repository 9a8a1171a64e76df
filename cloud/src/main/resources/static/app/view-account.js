// Sign in and sign up (SPEC H1): both forms on one page.
import { ApiError, post } from './api.js';
import { field, h } from './dom.js';
import { app, signedIn } from './session.js';

export function renderSignIn(main) {
  const signinEmail = h('input', { id: 'signin-email', type: 'email', autocomplete: 'username', required: true, maxlength: 254 });
  const signinPassword = h('input', { id: 'signin-password', type: 'password', autocomplete: 'current-password', required: true, maxlength: 1000 });
  const signinSubmit = h('button', { id: 'signin-submit', type: 'submit', class: 'btn btn-primary btn-block' }, 'Sign in');

  const signupEmail = h('input', { id: 'signup-email', type: 'email', autocomplete: 'email', required: true, maxlength: 254 });
  const signupName = h('input', { id: 'signup-name', type: 'text', autocomplete: 'name', required: true, maxlength: 100 });
  const signupPassword = h('input', { id: 'signup-password', type: 'password', autocomplete: 'new-password', required: true, minlength: 10, maxlength: 1000 });
  const signupSubmit = h('button', { id: 'signup-submit', type: 'submit', class: 'btn btn-secondary btn-block' }, 'Create account');

  async function signIn(email, password, button, busyText) {
    const label = button.textContent;
    button.disabled = true;
    button.textContent = busyText;
    try {
      const { data } = await post('/api/session', { email, password }, { quiet401: true });
      signedIn(data);
      app.flash(`Welcome, ${data.displayName || data.email}.`);
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
        app.fail('Enter your email and password.');
        (email ? signinPassword : signinEmail).focus();
        return;
      }
      try {
        await signIn(email, signinPassword.value, signinSubmit, 'Signing in…');
      } catch (e) {
        app.fail(e, 'Could not sign in');
        signinPassword.focus();
      }
    },
  },
  field('Email', signinEmail),
  field('Password', signinPassword),
  signinSubmit);

  const signupForm = h('form', {
    class: 'stack', novalidate: true, 'aria-labelledby': 'signup-heading',
    onsubmit: async (event) => {
      event.preventDefault();
      const email = signupEmail.value.trim();
      const name = signupName.value.trim();
      const password = signupPassword.value;
      if (!email || !email.includes('@')) {
        app.fail('Enter a valid email address.');
        signupEmail.focus();
        return;
      }
      if (!name) {
        app.fail('Enter a display name.');
        signupName.focus();
        return;
      }
      if (password.length < 10) {
        app.fail('The password must be at least 10 characters long.');
        signupPassword.focus();
        return;
      }
      signupSubmit.disabled = true;
      signupSubmit.textContent = 'Creating account…';
      try {
        await post('/api/accounts', { email, displayName: name, password });
      } catch (e) {
        signupSubmit.disabled = false;
        signupSubmit.textContent = 'Create account';
        app.fail(e, 'Could not create the account');
        return;
      }
      signupSubmit.disabled = false;
      signupSubmit.textContent = 'Create account';
      try {
        await signIn(email, password, signupSubmit, 'Signing in…');
      } catch (e) {
        // sign-up does not say whether the email was taken (no enumeration): a taken one fails here
        app.fail(e instanceof ApiError ? e : String(e), 'Signing in failed: if this email already had an account, sign in with its password');
      }
    },
  },
  field('Email', signupEmail),
  field('Display name', signupName, 'Shown to people you share a lock with.'),
  field('Password', signupPassword, 'At least 10 characters.'),
  signupSubmit);

  main.append(
    h('section', { class: 'hero' },
      h('h1', {}, 'Your smart lock, from anywhere'),
      h('p', { class: 'lead' }, 'See who came and went, unlock for a visitor, manage the people and settings of your Keyward locks.')),
    h('div', { class: 'grid-2' },
      h('section', { class: 'card' }, h('h2', { id: 'signin-heading' }, 'Sign in'), signinForm),
      h('section', { class: 'card' }, h('h2', { id: 'signup-heading' }, 'Create an account'), signupForm)));
}
