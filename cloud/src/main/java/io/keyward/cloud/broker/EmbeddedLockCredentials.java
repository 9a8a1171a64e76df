package io.keyward.cloud.broker;

/** Lock credentials of the embedded broker: stored in the database, enforced by {@link BrokerAccess}. */
final class EmbeddedLockCredentials implements LockCredentials {

    private final CredentialStore store;
    private final EmbeddedBroker broker;

    EmbeddedLockCredentials(CredentialStore store, EmbeddedBroker broker) {
        this.store = store;
        this.broker = broker;
    }

    /** A connection made with the replaced password is closed: it would otherwise live on until it drops. */
    @Override
    public String issue(String serial) {
        String password = store.issue(serial);
        broker.disconnect(serial);
        return password;
    }

    @Override
    public void revoke(String serial) {
        store.revoke(serial);
        broker.disconnect(serial);
    }
}
