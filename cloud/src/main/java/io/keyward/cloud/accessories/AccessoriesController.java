package io.keyward.cloud.accessories;

import java.util.UUID;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.management.CommandView;
import io.keyward.cloud.management.DeviceSignature;
import io.keyward.cloud.management.LockRequests;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.RequiresRole;
import io.keyward.protocol.command.LockCommand;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Bluetooth accessories (SPEC G1 door sensor, G2 remote controller; H6 "accessories"): the owner or a
 * manager pairs and removes them through the desired-state command queue, like any setting. The lock
 * decides (at most 1 door sensor and 4 remotes) and reports its accessories in its state
 * ({@code reported.accessories}: id, kind, name). Answers as the other management requests: 200 with
 * the lock's answer, 202 while it waits for the lock.
 */
@RestController
class AccessoriesController {

    record PairAccessory(@NotNull LockCommand.AccessoryKind kind, @NotBlank @Size(max = 40) String name) {
    }

    private final LockRequests requests;

    AccessoriesController(LockRequests requests) {
        this.requests = requests;
    }

    /** Issue 15: a lock in trust mode pairs an accessory only when an owner's device signed it (428 without). */
    @ApiDoc(summary = "Pair a Bluetooth accessory near the lock (G1, G2)", answers = {200, 202, 409, 428}, lockRefuses = true)
    @PostMapping(path = "/api/locks/{lockId}/accessories", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CommandView> pair(@AuthenticationPrincipal AccountPrincipal me,
                                     @RequiresRole(AccountRole.MANAGER) UUID lockId,
                                     @Valid @RequestBody PairAccessory request,
                                     @RequestHeader(name = DeviceSignature.COMMAND_HEADER, required = false) String signed,
                                     @RequestHeader(name = DeviceSignature.CHAIN_HEADER, required = false) String chain) {
        return requests.ask(lockId, me, new LockCommand.PairAccessory(request.kind(), request.name().strip()),
                new DeviceSignature(signed, chain));
    }

    @ApiDoc(summary = "Unpair an accessory", answers = {200, 202, 409}, lockRefuses = true)
    @DeleteMapping("/api/locks/{lockId}/accessories/{accessoryId}")
    ResponseEntity<CommandView> remove(@AuthenticationPrincipal AccountPrincipal me,
                                       @RequiresRole(AccountRole.MANAGER) UUID lockId, @PathVariable String accessoryId) {
        if (!accessoryId.matches("(door-sensor|remote)-[0-9]{1,3}")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "accessory must be an id the lock reported, such as remote-1 or door-sensor-1");
        }
        return requests.ask(lockId, me, new LockCommand.RemoveAccessory(accessoryId));
    }
}
