package io.keyward.cloud.broker;

/**
 * Where the locks and the cloud's own link connect; a Spring bean. {@code lockUri} (e.g.
 * {@code tcp://127.0.0.1:18830}) is given to a lock at pairing; the cloud's link logs in at
 * {@code cloudUri} as {@code cloudUsername} with {@code cloudPassword}.
 */
public record BrokerEndpoint(String lockUri, String cloudUri, String cloudUsername, String cloudPassword) {

    /** Keeps the password out of logs and error messages. */
    @Override
    public String toString() {
        return "BrokerEndpoint[lockUri=" + lockUri + ", cloudUri=" + cloudUri + ", cloudUsername=" + cloudUsername + "]";
    }
}
