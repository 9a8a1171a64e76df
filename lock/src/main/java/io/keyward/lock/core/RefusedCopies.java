package io.keyward.lock.core;

import java.util.Map;

/**
 * Which refusals of signed commands were logged already, by the command's nonce and the reason, so
 * that copies of one refused command (an attacker playing it again and again, or a broker delivering
 * a stale one after each reconnection) are each refused but logged once (issue 10 finding 5). The
 * latest 256 are kept in RAM; a copy older than that is logged again, which only costs a log line.
 */
final class RefusedCopies {

    private final Map<String, Boolean> logged = Remembered.latest(256);

    /** True the first time this nonce is refused for this reason (log it), false for every copy after. */
    boolean firstTime(String nonce, String reason) {
        if (nonce == null || nonce.length() > 64) {
            return true; // a malformed command: nothing to tell copies apart by
        }
        return logged.put(reason + "\n" + nonce, Boolean.TRUE) == null;
    }
}
