/**
 * People's words for what the lock's events name by code (issue 14 item 3): the name a person gave to
 * a fingerprint, face or passcode (credential names, stored by the cloud because the lock keeps only
 * its ids), and the one resolution of an event's user, account, visitor passcode, Bluetooth key and
 * credential to the names people gave them, shared by the events list, alerts and webhooks.
 */
package io.keyward.cloud.names;
