package io.keyward.lock.core;

import io.keyward.protocol.bluetooth.DeviceKeys;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.trust.BindProof;
import io.keyward.protocol.trust.DeviceIds;
import io.keyward.protocol.trust.SealedSecret;
import io.keyward.protocol.visitor.VisitorSecret;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * BIND_DEVICE (issue 15, docs/trust.md §4, §5): binds an owner device when its proof was made with a live
 * bind secret, the one the lock showed on its own screen; over the cloud's link, the panel or Bluetooth
 * alike, since the proof is what counts, not who carried it. The first owner device gets a new visitor
 * secret (the cloud's copy stops making codes that open); every device gets the current one sealed to its
 * agreeKey. Refusals change nothing; the caller logs them.
 */
final class DeviceBinding {

    static final int MAX_DEVICES = 8;
    static final int MAX_NAME = BindProof.MAX_NAME_LENGTH;

    private final Effects fx;
    private final String serial;
    private final BindSecrets secrets;
    private final Entropy entropy;

    DeviceBinding(Effects fx, String serial, BindSecrets secrets, Entropy entropy) {
        this.fx = fx;
        this.serial = serial;
        this.secrets = secrets;
        this.entropy = entropy;
    }

    CommandReply bind(LockCommand.BindDevice c) {
        if (!validName(c.name())) {
            return CommandReply.refused("BAD_NAME", "a device's name needs 1 to " + MAX_NAME + " printable characters");
        }
        String deviceId = deviceIdOf(c.deviceKey());
        if (deviceId == null || c.agreeKey() == null || DeviceKeys.decode(c.agreeKey()) == null) {
            return CommandReply.refused("BAD_DEVICE_KEY", "deviceKey and agreeKey must be P-256 public keys (SPKI, base64url)");
        }
        BindSecrets.Live secret = c.proof() == null ? null
                : secrets.find(s -> proves(c, s), fx.now());
        if (secret == null) {
            return CommandReply.refused("BAD_BIND_PROOF", "no bind secret shown by the lock proves this binding");
        }
        LockData data = fx.data();
        if (data.ownerDevice(deviceId).isPresent()) {
            return CommandReply.refused("ALREADY_BOUND", "this device is an owner device of the lock already");
        }
        if (data.ownerDevices().size() >= MAX_DEVICES) {
            return CommandReply.refused("TOO_MANY_DEVICES", "the lock already has " + MAX_DEVICES + " owner devices");
        }
        secrets.use(secret);
        if (!data.trustMode() || data.visitorSecret() == null) {
            // the cloud knew the old secret: codes it could still make must stop opening (trust design §4)
            fx.commit(new Change.VisitorSecretSet(VisitorSecret.of(entropy.bytes(VisitorSecret.BYTES)).toBase64Url()));
        }
        OwnerDevice device = new OwnerDevice(deviceId, c.deviceKey(), c.agreeKey(), c.name(), fx.now(), secret.how());
        fx.commit(new Change.DeviceBound(device));
        fx.record(Event.ok(LockEvent.DEVICE_BOUND).detail(deviceId + " " + c.name()));
        return CommandReply.okData(reply(device, secret.secret(), data.visitorSecret()));
    }

    /** deviceId, the visitor secret sealed to the device, and the MAC that shows the answer is the lock's. */
    private Map<String, String> reply(OwnerDevice device, String bindSecret, String visitorSecret) {
        String sealed = SealedSecret.seal(visitorSecret, device.agreeKey(), serial, device.deviceId());
        Map<String, String> out = new LinkedHashMap<>();
        out.put("deviceId", device.deviceId());
        out.put("sealedVisitorSecret", sealed);
        out.put("mac", BindProof.replyMac(bindSecret, serial, device.deviceId(), sealed));
        return out;
    }

    private boolean proves(LockCommand.BindDevice c, String secret) {
        return BindProof.verify(c.proof(), secret, serial, c.deviceKey(), c.agreeKey(), c.name()); // constant time
    }

    private static String deviceIdOf(String deviceKey) {
        try {
            return deviceKey == null ? null : DeviceIds.idOf(deviceKey);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The design's rule (1..40 characters, no control characters), and not only spaces: a list must show it. */
    static boolean validName(String name) {
        return BindProof.isName(name) && !name.isBlank();
    }
}
