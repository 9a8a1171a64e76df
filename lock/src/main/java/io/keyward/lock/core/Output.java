package io.keyward.lock.core;

import io.keyward.lock.prompts.Prompt;

import java.util.List;

/** What the lock core asks its shell to do, in order. */
public sealed interface Output {

    /** Store these changes durably before anything else of this step is shown (they are acknowledged then). */
    record Persist(List<Change> changes) implements Output {
    }

    /** Speak a prompt; silent when the lock is muted (the prompt is still shown). */
    record Speak(Prompt prompt, boolean silent) implements Output {
    }

    /** Drive the bolt motor (or note that the bolt was moved by hand). */
    record MoveBolt(boolean locked) implements Output {
    }

    /** Sound the siren for a number of seconds (tamper, system locked). */
    record Siren(String alarm, int seconds) implements Output {
    }

    /** The lock's answer to a command (the app's link carries it back). */
    record Reply(io.keyward.protocol.command.CommandReply reply) implements Output {
    }

    /** The answer to a signed command from the cloud, by its id. */
    record LinkReply(String id, io.keyward.protocol.command.CommandReply reply) implements Output {
    }

    /**
     * The lock's answer to a {@link Input.BluetoothRequest}, sealed into a record by the radio. For a
     * STATE request the core decides only whether to answer; the shell fills in the reported state.
     */
    record BluetoothResponse(io.keyward.protocol.bluetooth.RadioResponse response) implements Output {
    }
}
