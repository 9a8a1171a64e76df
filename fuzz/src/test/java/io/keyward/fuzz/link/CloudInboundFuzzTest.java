package io.keyward.fuzz.link;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keyward.fuzz.FuzzCounts;
import io.keyward.protocol.link.CameraMessages;
import io.keyward.protocol.link.LinkMessages;
import org.junit.jupiter.api.AfterAll;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of what the cloud reads from a lock (cloud/link LockLink, CameraLink): events,
 * state reports, presence, replies, live-view status and doorbell snapshots, at the parser level. The
 * invariant: read, or refused as Malformed with a reason (the cloud logs and drops it); no other
 * exception. The first byte picks the message type, the rest is the payload.
 */
class CloudInboundFuzzTest {

    @AfterAll
    static void counts() {
        FuzzCounts.print(CloudInboundFuzzTest.class);
    }

    @FuzzTest(maxDuration = "60s")
    void lockMessages(FuzzedDataProvider data) {
        FuzzCounts.ran("CloudInboundFuzzTest.lockMessages");
        int type = data.consumeInt(0, 5);
        byte[] payload = data.consumeRemainingAsBytes();
        try {
            switch (type) {
                case 0 -> LinkMessages.read(payload, LinkMessages.EventMessage.class);
                case 1 -> LinkMessages.read(payload, LinkMessages.LockState.class);
                case 2 -> LinkMessages.read(payload, LinkMessages.Presence.class);
                case 3 -> LinkMessages.read(payload, LinkMessages.Reply.class);
                case 4 -> CameraMessages.readStatus(payload);
                default -> {
                    CameraMessages.Picture picture = CameraMessages.readSnapshot(payload);
                    assertThat(picture.jpeg().length).isLessThanOrEqualTo(CameraMessages.MAX_IMAGE_BYTES);
                }
            }
        } catch (LinkMessages.Malformed e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
