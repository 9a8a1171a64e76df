package io.keyward.protocol.bluetooth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.link.LinkMessages;

import java.io.IOException;
import java.util.Set;

/**
 * The lock's answer to one {@link RadioRequest}, the UTF-8 JSON plaintext of one record. Fields
 * that do not apply are left out:
 *
 * <pre>
 * {"ok":true}                                       UNLOCK opened (done())
 * {"ok":false,"reason":"PRIVACY_MODE","message":"..."}   any refusal
 * {"ok":true,"applied":2,"refused":1}               REVOCATIONS
 * {"ok":true,"reply":{CommandReply}}                COMMAND (ok = reply.accepted)
 * {"ok":true,"state":{LinkMessages.LockState}}      STATE
 * </pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // its own fields only: the state inside is written as the lock reports it
public record RadioResponse(boolean ok, String reason, String message, Integer applied, Integer refused,
                            CommandReply reply, LinkMessages.LockState state) {

    /**
     * Refusals of the key itself: the lock answers, then closes the session. Issue 15: also those of a
     * device grant chain checked again mid-session (its owner device removed, the lock gone into trust
     * mode under a cloud key, ...).
     */
    private static final Set<String> KEY_REFUSALS = Set.of(Refusal.WRONG_LOCK.name(), Refusal.NOT_YET_VALID.name(),
            Refusal.EXPIRED.name(), Refusal.REVOKED.name(), Refusal.NOT_PAIRED.name(),
            Refusal.UNKNOWN_SIGNER.name(), Refusal.CHAIN_TOO_LONG.name(), Refusal.ROLE_NOT_ALLOWED.name(),
            Refusal.FORGED_TOKEN.code(), Refusal.CLOUD_KEY_NOT_TRUSTED.name());

    public static RadioResponse done() {
        return new RadioResponse(true, null, null, null, null, null, null);
    }

    public static RadioResponse refused(String reason, String message) {
        return new RadioResponse(false, reason, message, null, null, null, null);
    }

    public static RadioResponse revocations(int applied, int refused) {
        return new RadioResponse(true, null, null, applied, refused, null, null);
    }

    public static RadioResponse command(CommandReply reply) {
        return new RadioResponse(reply.accepted(), null, null, null, null, reply, null);
    }

    public static RadioResponse state(LinkMessages.LockState state) {
        return new RadioResponse(true, null, null, null, null, null, state);
    }

    /** Whether the lock ends the session after this answer: the key no longer admits the phone. */
    public boolean endsSession() {
        return !ok && reason != null && KEY_REFUSALS.contains(reason);
    }

    public byte[] toBytes() {
        try {
            return RadioJson.MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + this, e);
        }
    }

    /** The response a record carried (the phone's side). */
    public static RadioResponse parse(byte[] plaintext) throws RadioRequest.Malformed {
        try {
            RadioResponse r = plaintext == null ? null : RadioJson.MAPPER.readValue(plaintext, RadioResponse.class);
            if (r == null) {
                throw new RadioRequest.Malformed("empty response");
            }
            return r;
        } catch (IOException e) {
            throw new RadioRequest.Malformed("the response does not read: " + e.getMessage());
        }
    }
}
