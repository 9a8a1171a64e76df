package io.keyward.cloud;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Remembers a lookup for the rest of the current transaction. An event batch stores hundreds of events
 * in one transaction and tells a listener of each: a listener that looks up the same row for every
 * event of a lock asks the database once a batch instead of once an event (issue 11: two queries per
 * unlock in SyncLinks were most of a batch's time). Outside a transaction it simply asks every time.
 * A listener that changes what it looked up calls {@link #forget()}.
 */
public final class TransactionMemo {

    private static final Object KEY = new Object();

    private TransactionMemo() {
    }

    /** The value remembered under the key in this transaction, or the lookup's answer, then remembered. */
    @SuppressWarnings("unchecked")
    public static <T> T get(Object key, Supplier<T> lookup) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return lookup.get();
        }
        Map<Object, Object> memo = memo();
        if (memo.containsKey(key)) {
            return (T) memo.get(key);
        }
        T value = lookup.get();
        memo.put(key, value);
        return value;
    }

    /**
     * Remembers the value under the key for the rest of this transaction, as a lookup for many keys at
     * once does (a listener's {@code beforeBatch}); outside a transaction nothing is kept.
     */
    public static void put(Object key, Object value) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            memo().put(key, value);
        }
    }

    /** This transaction's memo, bound (and unbound when the transaction ends) on first use. */
    @SuppressWarnings("unchecked")
    private static Map<Object, Object> memo() {
        Map<Object, Object> memo = (Map<Object, Object>) TransactionSynchronizationManager.getResource(KEY);
        if (memo == null) {
            memo = new HashMap<>();
            TransactionSynchronizationManager.bindResource(KEY, memo);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
                }
            });
        }
        return memo;
    }

    /** Forgets everything remembered in this transaction (after a write that may change a lookup's answer). */
    public static void forget() {
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.getResource(KEY) instanceof Map<?, ?> memo) {
            memo.clear();
        }
    }
}
