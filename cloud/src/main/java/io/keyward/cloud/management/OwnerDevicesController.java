package io.keyward.cloud.management;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.RequiresRole;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.trust.DeviceIds;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A lock's owner devices (issue 15, trust design §4): binding a phone with the secret the lock showed in a QR
 * at its door, and removing one with another owner device's signature. Owner and managers only; the lock
 * decides (its refusal answers 409 with its reason: BAD_BIND_PROOF, ALREADY_BOUND, TOO_MANY_DEVICES,
 * LAST_OWNER_DEVICE ...). The lock lists its devices in its report (GET /api/locks/{lockId}: ownerDevices).
 */
@RestController
class OwnerDevicesController {

    /** b64u without padding; an HMAC-SHA256 is 43 characters. */
    private static final String B64U = "[A-Za-z0-9_-]+";

    record Bind(@NotBlank @Size(max = 200) @Pattern(regexp = B64U) String deviceKey,
                @NotBlank @Size(max = 200) @Pattern(regexp = B64U) String agreeKey,
                @NotBlank @Size(max = 40) @Pattern(regexp = "[^\\p{Cntrl}]+", message = "must have no control characters") String name,
                @NotBlank @Size(min = 43, max = 43) @Pattern(regexp = B64U) String proof) {
    }

    /** What the lock answered the bind with, for the app to check (mac, with its bind secret) and open (the sealed secret). */
    record Bound(String deviceId, String sealedVisitorSecret, String mac) {
    }

    private final OwnerDevices devices;

    OwnerDevicesController(OwnerDevices devices) {
        this.devices = devices;
    }

    @ApiDoc(summary = "Bind this device as an owner device of the lock, with the bind secret of the lock's QR (issue 15)",
            answers = {201, 409, 504}, lockRefuses = true)
    @PostMapping(path = "/api/locks/{lockId}/devices", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Bound> bind(@RequiresRole(AccountRole.MANAGER) UUID lockId, @Valid @RequestBody Bind request) {
        String deviceId = idOf("deviceKey", request.deviceKey());
        idOf("agreeKey", request.agreeKey());
        Map<String, String> data = devices.bind(lockId, new LockCommand.BindDevice(request.deviceKey(), request.agreeKey(),
                request.name(), request.proof()));
        Bound bound = new Bound(data.getOrDefault("deviceId", deviceId), data.get("sealedVisitorSecret"), data.get("mac"));
        return ResponseEntity.created(URI.create("/api/locks/" + lockId + "/devices/" + bound.deviceId())).body(bound);
    }

    @ApiDoc(summary = "Remove an owner device of the lock: a REMOVE_DEVICE signed on another owner device (issue 15)",
            answers = {204, 409, 428, 504}, lockRefuses = true)
    @DeleteMapping("/api/locks/{lockId}/devices/{deviceId}")
    ResponseEntity<Void> remove(@RequiresRole(AccountRole.MANAGER) UUID lockId, @PathVariable String deviceId,
                                @RequestHeader(name = DeviceSignature.COMMAND_HEADER, required = false) String signed,
                                @RequestHeader(name = DeviceSignature.CHAIN_HEADER, required = false) String chain) {
        if (!DeviceIds.isId(deviceId)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "deviceId must be a device's id (22 base64url characters)");
        }
        devices.remove(lockId, deviceId, new DeviceSignature(signed, chain));
        return ResponseEntity.noContent().build();
    }

    /** 400 for a key that is not a P-256 public key (SPKI, b64u), before anything is sent. */
    private static String idOf(String field, String key) {
        try {
            return DeviceIds.idOf(key);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, field + ": " + e.getMessage());
        }
    }
}
