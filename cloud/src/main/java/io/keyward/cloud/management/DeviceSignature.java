package io.keyward.cloud.management;

/**
 * What a request carries of a device's signature (issue 15, trust design §2 "HTTP"): the
 * {@code Keyward-Device-Command} header (a kwdc1 token) and the {@code Keyward-Device-Chain} header (the
 * signer's kwdg1 grants joined by "~"; absent for an owner device). Both null: none.
 */
public record DeviceSignature(String command, String chain) {

    public static final DeviceSignature NONE = new DeviceSignature(null, null);

    /** The header names, for controllers' {@code @RequestHeader}. */
    public static final String COMMAND_HEADER = DeviceSignedCommands.COMMAND_HEADER;
    public static final String CHAIN_HEADER = DeviceSignedCommands.CHAIN_HEADER;
}
