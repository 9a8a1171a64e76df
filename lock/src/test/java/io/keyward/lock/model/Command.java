package io.keyward.lock.model;

import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.command.Setting;

import java.time.Instant;

/**
 * One management command of the app (the lock's command model, SPEC B2, H6), in a form both the
 * lock (as a {@link LockCommand}) and the model read. Unused fields are null or 0.
 */
record Command(Type type, int user, LockModel.Kind kind, boolean flag, Instant from, Instant until, String text,
               String value) {

    enum Type { ADD_USER, DELETE_USER, SET_VALIDITY, START_ENROLMENT, CANCEL_ENROLMENT, DELETE_CREDENTIAL, SETTING, LIFT_LOCKOUT }

    static Command of(Type type) {
        return new Command(type, 0, null, false, null, null, null, null);
    }

    static Command addUser(boolean admin) {
        return new Command(Type.ADD_USER, 0, null, admin, null, null, null, null);
    }

    static Command deleteUser(int user) {
        return new Command(Type.DELETE_USER, user, null, false, null, null, null, null);
    }

    static Command validity(int user, Instant from, Instant until) {
        return new Command(Type.SET_VALIDITY, user, null, false, from, until, null, null);
    }

    static Command enrol(int user, LockModel.Kind kind, boolean duress) {
        return new Command(Type.START_ENROLMENT, user, kind, duress, null, null, null, null);
    }

    static Command deleteCredential(int user, String credential) {
        return new Command(Type.DELETE_CREDENTIAL, user, null, false, null, null, credential, null);
    }

    static Command setting(String setting, String value) {
        return new Command(Type.SETTING, 0, null, false, null, null, setting, value);
    }

    LockCommand toLock() {
        return switch (type) {
            case ADD_USER -> new LockCommand.AddUser("U", flag ? LockUserRole.ADMINISTRATOR : LockUserRole.USER, null);
            case DELETE_USER -> new LockCommand.DeleteUser(user);
            case SET_VALIDITY -> new LockCommand.SetValidity(user,
                    from == null && until == null ? null : new LockCommand.Validity(from, until, null));
            case START_ENROLMENT -> new LockCommand.StartEnrolment(user, LockCommand.CredentialKind.valueOf(kind.name()), flag);
            case CANCEL_ENROLMENT -> new LockCommand.CancelEnrolment();
            case DELETE_CREDENTIAL -> new LockCommand.DeleteCredential(user, text);
            case SETTING -> new LockCommand.ChangeSetting(Setting.valueOf(text), value);
            case LIFT_LOCKOUT -> new LockCommand.LiftLockout();
        };
    }

    @Override
    public String toString() {
        return switch (type) {
            case ADD_USER -> "ADD_USER " + (flag ? "ADMINISTRATOR" : "USER");
            case DELETE_USER -> "DELETE_USER " + user;
            case SET_VALIDITY -> "SET_VALIDITY " + user + " " + from + ".." + until;
            case START_ENROLMENT -> "START_ENROLMENT " + user + " " + kind + (flag ? " duress" : "");
            case DELETE_CREDENTIAL -> "DELETE_CREDENTIAL " + user + " " + text;
            case SETTING -> "CHANGE_SETTING " + text + "=" + value;
            default -> type.name();
        };
    }
}
