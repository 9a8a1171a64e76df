// English: the app's words by key (i18n.js). Keys are dotted by page or topic; {name} is filled in
// by t(key, { name }). Every other language's table has exactly these keys (AppMessagesTest).
export default {
  'account.signOut': 'Sign out',
  'nav.locks': 'My locks',
};
