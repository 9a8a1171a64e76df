package io.keyward.cloud.broker;

/**
 * Per-lock broker credentials; a Spring bean. The MQTT username and the client id of a lock are its
 * serial, and the broker lets it use only its own topics (docs/link.md).
 */
public interface LockCredentials {

    /**
     * Creates or replaces the lock's password and returns the new one: 256 random bits as URL-safe
     * base64 without padding. A connection made with the old password is closed where the broker allows.
     *
     * @throws IllegalArgumentException when {@code serial} is not a lock serial (see Topics.validSerial)
     */
    String issue(String serial);

    /** The lock can no longer connect; an open connection of it is closed where the broker allows. */
    void revoke(String serial);
}
