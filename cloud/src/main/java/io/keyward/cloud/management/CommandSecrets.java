package io.keyward.cloud.management;

import java.util.UUID;

import io.keyward.cloud.secrets.RowIdentity;
import io.keyward.cloud.secrets.SecretBox;
import io.keyward.protocol.command.LockCommand;

/**
 * How a command's secret (a person's passcode, the home broker's password: {@link LockCommand.WithSecret}) rests
 * in a table of command bodies: sealed, bound to its row and field ("lock_commands/{id}/body.passcode"), so a
 * sealed copy moved to another row or field does not open. A command with no secret (or a null one) is kept as
 * it is. One rule for the queue (lock_commands) and the signature requests (signature_requests), so a passcode
 * waiting for a device's signature rests as one waiting for its lock; what a caller does with a body that does
 * not read back (fail, or log and send it as stored) stays the caller's.
 */
final class CommandSecrets {

    private final SecretBox box;
    private final String table;

    CommandSecrets(SecretBox box, String table) {
        this.box = box;
        this.table = table;
    }

    /** Whether the command carries a secret to seal or open; told by its type, never by its text. */
    static boolean in(LockCommand command) {
        return command instanceof LockCommand.WithSecret w && w.secret() != null;
    }

    /** The command as it rests in row id: its secret sealed; any other command unchanged. */
    LockCommand sealed(LockCommand command, UUID id) {
        return in(command) ? seal((LockCommand.WithSecret) command, id) : command;
    }

    /** The command as the lock reads it: the secret sealed in row id opened; any other command unchanged. */
    LockCommand opened(LockCommand command, UUID id) {
        return in(command) ? open((LockCommand.WithSecret) command, id) : command;
    }

    private LockCommand seal(LockCommand.WithSecret w, UUID id) {
        return w.withSecret(box.seal(w.secret(), identity(id, w)));
    }

    private LockCommand open(LockCommand.WithSecret w, UUID id) {
        return w.withSecret(box.open(w.secret(), identity(id, w)));
    }

    /** The sealed copy's identity: the row and the field ("body.password", "body.passcode"). */
    private String identity(UUID id, LockCommand.WithSecret command) {
        return RowIdentity.of(table, id.toString(), "body." + command.secretField());
    }
}
