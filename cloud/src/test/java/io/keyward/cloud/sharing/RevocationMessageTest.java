package io.keyward.cloud.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import io.keyward.cloud.accounts.AccessRevoked;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How an {@link AccessRevoked} travels to the other nodes (StreamGrants over the nodes' channel). */
@DisplayName("H1 H3 a revocation as told to the other nodes")
class RevocationMessageTest {

    @Test
    @DisplayName("an account's, a share's and a lock's revocation read back as they were; the wildcard stays a wildcard")
    void roundTrip() {
        UUID account = UUID.randomUUID();
        UUID lock = UUID.randomUUID();
        for (AccessRevoked revoked : new AccessRevoked[] {AccessRevoked.ofAccount(account),
                AccessRevoked.ofShare(account, lock), AccessRevoked.ofLock(lock)}) {
            assertThat(StreamGrants.decode(StreamGrants.encode(revoked))).isEqualTo(revoked);
        }
        assertThat(StreamGrants.encode(AccessRevoked.ofLock(lock))).isEqualTo("* " + lock);
    }

    @Test
    @DisplayName("a message that is no revocation is refused with IllegalArgumentException (the channel logs and drops it)")
    void malformedRefused() {
        for (String bad : new String[] {"", "*", "not-a-uuid *", "* 123", UUID.randomUUID() + " " + UUID.randomUUID() + " x"}) {
            assertThatThrownBy(() -> StreamGrants.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
