package io.keyward.lock.core;

import io.keyward.protocol.command.LockCommand.CredentialKind;

import java.util.List;

/**
 * A face, fingerprint or passcode of a lock user. Only templates and keyed hashes are kept
 * (SPEC B9): a passcode as its HMAC under the lock's secret, with the HMACs of its inner runs of
 * 6+ digits so that a new passcode hidden inside it (or it inside a new one) can be refused.
 *
 * @param id             "face-1", "fingerprint-2", "passcode-3": numbered per kind, never reused until reset
 * @param passcodeHash   PASSCODE only
 * @param innerHashes    PASSCODE only: hashes of every proper run of 6+ digits inside it
 * @param fingerprints   FINGERPRINT only: the SourceAFIS templates of the enrolment presses
 * @param face           FACE only: the enrolled feature vector
 */
public record Credential(String id, int user, CredentialKind kind, boolean duress,
                         String passcodeHash, List<String> innerHashes,
                         List<byte[]> fingerprints, float[] face) {

    static String idFor(CredentialKind kind, int number) {
        return kind.name().toLowerCase() + "-" + number;
    }

    int number() {
        return Integer.parseInt(id.substring(id.indexOf('-') + 1));
    }
}
