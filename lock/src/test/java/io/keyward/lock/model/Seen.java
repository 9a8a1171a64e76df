package io.keyward.lock.model;

import java.util.List;

/**
 * What the lock and the model must agree on after each step: the bolt, the lockout, the modes,
 * power, whether the panel refused the action, a command's reply (OK or the refusal's reason), and
 * the events logged (kind, method, result, reason,
 * alarm, lock user, credential).
 */
record Seen(boolean boltLocked, boolean lockedFromInside, boolean lockedOut, boolean privacy, boolean leavingHome,
            boolean powered, boolean panelRefused, String reply, List<Event> events) {

    record Event(String kind, String method, String result, String reason, String alarm, Integer user,
                 String credential) {

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(kind);
            for (String part : new String[] {method, result, reason, alarm}) {
                if (part != null) {
                    s.append(' ').append(part);
                }
            }
            if (user != null) {
                s.append(" user=").append(user);
            }
            if (credential != null) {
                s.append(" cred=").append(credential);
            }
            return s.toString();
        }
    }
}
