package io.keyward.lock.core;

import io.keyward.protocol.command.LockCommand.CredentialKind;

import java.util.ArrayList;
import java.util.List;

/** Whose finger or face this is among the credentials on the lock (B3, B4, C1, C2); matching is the injected {@link Biometrics}. */
final class Recognition {

    private final Effects fx;
    private final Biometrics biometrics;

    Recognition(Effects fx, Biometrics biometrics) {
        this.fx = fx;
        this.biometrics = biometrics;
    }

    /** The fingerprint credential this template matches, or null. */
    Credential finger(byte[] probe) {
        List<byte[]> templates = new ArrayList<>();
        List<Credential> owners = new ArrayList<>();
        for (Credential c : fx.data().credentials()) {
            if (c.kind() == CredentialKind.FINGERPRINT) {
                for (byte[] t : c.fingerprints()) {
                    templates.add(t);
                    owners.add(c);
                }
            }
        }
        int i = templates.isEmpty() ? -1 : biometrics.identifyFingerprint(probe, templates);
        return i < 0 ? null : owners.get(i);
    }

    /** The face credential these features match, or null. */
    Credential face(float[] probe) {
        List<Credential> faces = fx.data().credentials().stream()
                .filter(c -> c.kind() == CredentialKind.FACE).toList();
        int i = faces.isEmpty() ? -1 : biometrics.identifyFace(probe, faces.stream().map(Credential::face).toList());
        return i < 0 ? null : faces.get(i);
    }

    boolean sameFinger(byte[] a, byte[] b) {
        return biometrics.sameFinger(a, b);
    }

    boolean sameFace(float[] a, float[] b) {
        return biometrics.sameFace(a, b);
    }
}
