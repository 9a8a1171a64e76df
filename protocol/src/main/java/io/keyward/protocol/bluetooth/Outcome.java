package io.keyward.protocol.bluetooth;

import java.util.Objects;

/**
 * The result of one step of the Bluetooth protocol: a value, or a typed refusal with a reason. The
 * protocol never lets an exception reach its caller for anything a peer or an attacker sends.
 */
public sealed interface Outcome<T> permits Outcome.Ok, Outcome.Refused {

    record Ok<T>(T value) implements Outcome<T> {
        public Ok {
            Objects.requireNonNull(value);
        }
    }

    /** detail: a short text for the lock's event log; never contains key material. */
    record Refused<T>(Refusal reason, String detail) implements Outcome<T> {
        public Refused {
            Objects.requireNonNull(reason);
        }
    }

    static <T> Outcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Outcome<T> refused(Refusal reason, String detail) {
        return new Refused<>(reason, detail);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value; calling it on a refusal is a programming error. */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("refused: " + reason());
    }

    /** The reason of a refusal, null for a value. */
    default Refusal reason() {
        return this instanceof Refused<T> r ? r.reason() : null;
    }

    /** The same refusal, typed for another step. */
    @SuppressWarnings("unchecked")
    default <U> Outcome<U> refusal() {
        if (this instanceof Refused<T> r) {
            return (Outcome<U>) r;
        }
        throw new IllegalStateException("not a refusal");
    }
}
