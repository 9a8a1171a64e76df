package io.keyward.cloud.link;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Waiting, in an HTTP request, for a lock's answer to something the cloud asked it over the link
 * (a remote unlock, a live view): a lock that does not answer in time is the caller's chosen 4xx/5xx
 * with its words, never a hung request or a 500.
 */
public final class LockAnswers {

    private LockAnswers() {
    }

    /** The answer, or the given status when the lock is silent for {@code seconds}; 503 if interrupted. */
    public static <T> T await(Future<T> answer, long seconds, HttpStatus late, String lateReason) {
        try {
            return answer.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ResponseStatusException(late, lateReason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
