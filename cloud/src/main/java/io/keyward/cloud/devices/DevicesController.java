package io.keyward.cloud.devices;

import java.net.URI;
import java.util.List;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.protocol.trust.DeviceIds;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The signed-in account's devices (issue 15, trust design §1, §7): a browser profile's or a Java client's
 * P-256 public keys (signing, and agreement for a sealed secret), so that an owner's or a manager's device can
 * later grant a shared member's device. Public keys only; a device's private keys never leave it.
 */
@RestController
class DevicesController {

    private static final String B64U = "[A-Za-z0-9_-]+";

    record Register(@NotBlank @Size(max = 200) @Pattern(regexp = B64U) String deviceKey,
                    @NotBlank @Size(max = 200) @Pattern(regexp = B64U) String agreeKey,
                    @NotBlank @Size(max = 40) @Pattern(regexp = "[^\\p{Cntrl}]+", message = "must have no control characters") String name) {
    }

    /** fingerprint: what people compare with the phone's own ("ABCD-EFGH", §1). */
    record DeviceView(String deviceId, String fingerprint, String deviceKey, String agreeKey, String name,
                      java.time.OffsetDateTime registeredAt) {

        static DeviceView of(AccountDevices.Device d) {
            return new DeviceView(d.deviceId(), DeviceIds.fingerprint(d.deviceId()), d.deviceKey(), d.agreeKey(), d.name(),
                    d.registeredAt());
        }
    }

    private final AccountDevices devices;

    DevicesController(AccountDevices devices) {
        this.devices = devices;
    }

    @ApiDoc(summary = "Register this device's public keys with my account (issue 15); again: same device, 200",
            answers = {200, 201, 409})
    @PostMapping(path = "/api/devices", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DeviceView> register(@AuthenticationPrincipal AccountPrincipal me, @Valid @RequestBody Register request) {
        String deviceId = idOf("deviceKey", request.deviceKey());
        idOf("agreeKey", request.agreeKey());
        String name = request.name().strip();
        boolean known = devices.of(me.accountId()).stream().anyMatch(d -> d.deviceId().equals(deviceId));
        if (!known && devices.count(me.accountId()) >= AccountDevices.MAX_PER_ACCOUNT) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "an account has at most " + AccountDevices.MAX_PER_ACCOUNT + " devices");
        }
        boolean created = devices.register(me.accountId(),
                new AccountDevices.Device(deviceId, request.deviceKey(), request.agreeKey(), name, null));
        DeviceView view = devices.of(me.accountId()).stream().filter(d -> d.deviceId().equals(deviceId))
                .map(DeviceView::of).findFirst().orElseThrow();
        return created ? ResponseEntity.created(URI.create("/api/devices/" + deviceId)).body(view) : ResponseEntity.ok(view);
    }

    @ApiDoc(summary = "My registered devices (issue 15)")
    @GetMapping("/api/devices")
    List<DeviceView> mine(@AuthenticationPrincipal AccountPrincipal me) {
        return devices.of(me.accountId()).stream().map(DeviceView::of).toList();
    }

    /** 400 for a key that is not a P-256 public key (SPKI, b64u). */
    private static String idOf(String field, String key) {
        try {
            return DeviceIds.idOf(key);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, field + ": " + e.getMessage());
        }
    }
}
