package io.keyward.cloud.locks;

import io.keyward.cloud.ApiDoc;
import io.keyward.protocol.link.Topics;
import io.keyward.protocol.pairing.PairingProof;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The endpoint a lock in pairing mode calls (no account: the lock authenticates with the proof that
 * it knows the pairing code's secret). 404 until an account has claimed it, then the grant.
 */
@RestController
class PairingController {

    /** deviceKey, deviceSignature: the lock's device identity (protocol DeviceIdentity); absent from older locks. */
    record LockRequest(@NotBlank @Size(max = 100) String proof, @NotNull Boolean administrator, @NotNull Boolean linked,
                       @Size(max = 100) String deviceKey, @Size(max = 200) String deviceSignature) {
    }

    private final Pairing pairing;

    PairingController(Pairing pairing) {
        this.pairing = pairing;
    }

    @ApiDoc(summary = "The lock's half of pairing: its signed proof for the grant (A3)", answers = {200, 403, 404, 409}, open = true)
    @PostMapping(path = "/api/pairing/{serial}", consumes = MediaType.APPLICATION_JSON_VALUE)
    PairingProof.Grant complete(@PathVariable String serial, @Valid @RequestBody LockRequest request) {
        if (!Topics.validSerial(serial)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not a lock serial");
        }
        return pairing.complete(serial, new PairingProof.Request(request.proof(), request.administrator(), request.linked(),
                request.deviceKey(), request.deviceSignature()));
    }
}
