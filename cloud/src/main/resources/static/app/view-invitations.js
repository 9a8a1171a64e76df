// Invitations (SPEC H3, issue 14 item 4): sharing by email makes an invitation with a link the owner
// sends (Keyward sends no email). The sharing page shows the link just made and the invitations still
// waiting (email, expiry, copy a link, withdraw); #/invite/<token> is the page the link opens, where
// the invited person signs up or signs in and accepts. Every word goes through the message table (i18n.js).
import { ApiError, del, get, post, seg } from './api.js';
import { field, h, replace } from './dom.js';
import { explain } from './errors.js';
import { date, dateTime, has, t } from './i18n.js';
import { app, signedIn } from './session.js';

/** A role in words (the API's MANAGER or MEMBER). */
export function roleWord(role) {
  return role === 'MANAGER' ? t('invite.role.manager') : t('invite.role.member');
}

// keys: invite.status.*
/** Why an invitation link no longer works (its status: EXPIRED, WITHDRAWN, ACCEPTED), in the table's words. */
function unusable(invitation) {
  const key = `invite.status.${invitation.status}`;
  return has(key) ? t(key, { until: date(invitation.expiresAt) }) : t('invite.status.other');
}

/** Copies text, or selects it in the field when the browser gives no clipboard (plain http, no permission). */
async function copy(text, input) {
  try {
    if (!navigator.clipboard || !window.isSecureContext) {
      throw new Error('no clipboard'); // words-lint: not shown (caught below)
    }
    await navigator.clipboard.writeText(text);
    app.say(t('invite.copied'));
  } catch {
    input.focus();
    input.select();
    app.say(t('invite.copyByHand'));
  }
}

/** A read-only field with the link and a Copy button; ids end with suffix. */
function linkBox(link, suffix) {
  const input = h('input', { id: `invite-link-${suffix}`, type: 'text', readonly: true, value: link, class: 'invite-link',
    'aria-label': t('invite.linkLabel') });
  const button = h('button', { id: `invite-copy-${suffix}`, type: 'button', class: 'btn btn-small',
    onclick: () => copy(link, input) }, t('invite.copy'));
  return h('div', { class: 'invite-link-row' }, input, button);
}

/**
 * The sharing page's card: the link just made (shown once: only its hash is kept) and the waiting
 * invitations. Returns { element, made(answer), refresh() }.
 */
export function invitationsCard(base, view) {
  const fresh = h('div', { id: 'invite-made', class: 'invite-made', hidden: true, 'aria-live': 'polite' });
  const list = h('ul', { id: 'invite-list', class: 'share-list' });
  const element = h('section', { class: 'card', id: 'invitations' },
    h('h2', {}, t('invite.title')),
    h('p', { class: 'muted' }, t('invite.noEmail')),
    fresh, list);

  function showLink(email, invitation) {
    replace(fresh,
      h('p', {}, t('invite.sendThis', { email, until: dateTime(invitation.expiresAt) })),
      linkBox(invitation.link, 'new'));
    fresh.hidden = false;
  }

  async function refresh() {
    const { data } = await get(`${base}/invitations`);
    if (!view.alive) {
      return;
    }
    replace(list, data.length === 0 ? h('li', { class: 'muted' }, t('invite.noneWaiting')) : data.map(item));
  }

  function item(invitation) {
    const id = invitation.id;
    return h('li', { class: 'share invite', 'data-invitation': id },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, '✉'),
      h('span', { class: 'share-main' },
        h('span', { class: 'user-name' }, invitation.email),
        h('span', { class: 'muted' }, t('invite.waiting', {
          role: roleWord(invitation.role),
          until: dateTime(invitation.expiresAt),
        }))),
      h('span', { class: 'share-actions' },
        h('button', {
          id: `invite-relink-${id}`, type: 'button', class: 'btn btn-small',
          onclick: async (event) => {
            event.currentTarget.disabled = true;
            try {
              const { data } = await post(`${base}/invitations/${seg(id)}/link`);
              showLink(invitation.email, data);
              app.say(t('invite.newLink'));
            } catch (e) {
              app.fail(e, t('invite.couldNotLink'));
            } finally {
              event.target.disabled = false;
            }
          },
        }, t('invite.getLink')),
        h('button', {
          id: `invite-withdraw-${id}`, type: 'button', class: 'btn btn-small btn-ghost danger-text',
          onclick: async (event) => {
            event.currentTarget.disabled = true;
            try {
              await del(`${base}/invitations/${seg(id)}`);
              fresh.hidden = true;
              app.say(t('invite.withdrawn', { email: invitation.email }));
              await refresh();
            } catch (e) {
              app.fail(e, t('invite.couldNotWithdraw'));
              event.target.disabled = false;
            }
          },
        }, t('invite.withdraw'))));
  }

  return {
    element,
    refresh,
    /** After POST …/shares: the answer is the same with or without an account, so the words are too. */
    async made(answer) {
      showLink(answer.email, answer.invitation);
      await refresh();
    },
  };
}

// ---------------------------------------------------------------- #/invite/<token>

/** The page an invitation link opens: what it invites to, then sign up or sign in, then accept. */
export function renderInvite(main, [token], view) {
  const heading = h('h1', {}, t('invite.pageTitle'));
  const status = h('p', { id: 'invite-status', class: 'lead' }, t('invite.loading'));
  const body = h('div', { id: 'invite-body' });
  main.append(h('section', { class: 'card' }, heading, status), body);

  async function accept() {
    try {
      const { data } = await post(`/api/invitations/${seg(token)}/accept`);
      app.flash(t('invite.accepted', { lock: data.lockName }));
      app.go(`#/lock/${data.lockId}`);
    } catch (e) {
      status.textContent = explain(e);
      status.classList.add('error-text');
      replace(body);
    }
  }

  function signUpForm(invitation) {
    const email = h('input', { id: 'invite-signup-email', type: 'email', autocomplete: 'email', maxlength: 254, value: invitation.email });
    const name = h('input', { id: 'invite-signup-name', type: 'text', autocomplete: 'name', maxlength: 100 });
    const password = h('input', { id: 'invite-signup-password', type: 'password', autocomplete: 'new-password', minlength: 10, maxlength: 1000 });
    const submit = h('button', { id: 'invite-signup-submit', type: 'submit', class: 'btn btn-primary btn-block' }, t('invite.signUpAndAccept'));
    return h('form', {
      class: 'stack', novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        if (!email.value.includes('@') || !name.value.trim() || password.value.length < 10) {
          app.fail(t('invite.fillIn'));
          return;
        }
        submit.disabled = true;
        try {
          await post('/api/accounts', { email: email.value.trim(), displayName: name.value.trim(), password: password.value });
          const { data } = await post('/api/session', { email: email.value.trim(), password: password.value }, { quiet401: true });
          signedIn(data);
          await accept();
        } catch (e) {
          app.fail(e, t('invite.couldNotSignUp'));
        } finally {
          submit.disabled = false;
        }
      },
    },
    field(t('invite.email'), email, t('invite.emailHint')),
    field(t('invite.name'), name, t('invite.nameHint')),
    field(t('invite.password'), password, t('invite.passwordHint')),
    submit);
  }

  function signInForm() {
    const email = h('input', { id: 'invite-signin-email', type: 'email', autocomplete: 'username', maxlength: 254 });
    const password = h('input', { id: 'invite-signin-password', type: 'password', autocomplete: 'current-password', maxlength: 1000 });
    const submit = h('button', { id: 'invite-signin-submit', type: 'submit', class: 'btn btn-secondary btn-block' }, t('invite.signInAndAccept'));
    return h('form', {
      class: 'stack', novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        submit.disabled = true;
        try {
          const { data } = await post('/api/session', { email: email.value.trim(), password: password.value }, { quiet401: true });
          signedIn(data);
          await accept();
        } catch (e) {
          app.fail(e, t('invite.couldNotSignIn'));
        } finally {
          submit.disabled = false;
        }
      },
    }, field(t('invite.email'), email), field(t('invite.password'), password), submit);
  }

  (async () => {
    let invitation;
    try {
      ({ data: invitation } = await get(`/api/invitations/${seg(token)}`));
    } catch (e) {
      if (view.alive) {
        // a link that is incomplete or replaced: said in the table's words (the cloud's are English)
        status.textContent = e instanceof ApiError && e.status === 404 ? t('invite.notFound') : explain(e);
        status.classList.add('error-text');
      }
      return;
    }
    if (!view.alive) {
      return;
    }
    const role = roleWord(invitation.role);
    heading.textContent = t('invite.invitedTo', { lock: invitation.lockName });
    if (invitation.status !== 'PENDING') {
      status.textContent = unusable(invitation);
      status.classList.add('error-text');
      return;
    }
    status.textContent = t('invite.explain', { role, until: dateTime(invitation.expiresAt) });
    if (app.me) {
      replace(body, h('section', { class: 'card' },
        h('p', {}, t('invite.asMe', { name: app.me.displayName || app.me.email })),
        h('button', { id: 'invite-accept', type: 'button', class: 'btn btn-primary', onclick: accept }, t('invite.accept'))));
      return;
    }
    replace(body, h('div', { class: 'grid-2' },
      h('section', { class: 'card' }, h('h2', {}, t('invite.new')), signUpForm(invitation)),
      h('section', { class: 'card' }, h('h2', {}, t('invite.haveAccount')), signInForm())));
  })();
}
