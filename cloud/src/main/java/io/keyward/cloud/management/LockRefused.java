package io.keyward.cloud.management;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A command the lock refused answers 409, never 200 (issue 12: a client reads 200 as done): thrown
 * by {@link LockRequests} and {@link RemoteUnlock}, turned into a {@link CommandRefused} body here,
 * before the web package's catch-all handler sees it.
 */
public final class LockRefused extends RuntimeException {

    private final transient CommandRefused body;

    LockRefused(String reason, CommandView command) {
        super(reason);
        this.body = new CommandRefused(RefusalReasons.words(reason), reason == null ? "REFUSED" : reason, command);
    }

    CommandRefused body() {
        return body;
    }

    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class Answer {
        @ExceptionHandler(LockRefused.class)
        ResponseEntity<CommandRefused> refused(LockRefused e) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(e.body());
        }
    }
}
