package io.keyward.cloud.grants;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A grant or revocation the cloud will not store or relay (issue 15, trust design §2, §7): 400 for a token
 * that is wrong in itself, 409 for one that does not fit the lock's state; body {@code {error, reason}}
 * with the design's reason code (the lock's own where it is one of its checks). Nothing is changed.
 */
final class GrantRefused extends RuntimeException {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Body(String error, String reason) {
    }

    private final HttpStatus status;
    private final transient Body body;

    GrantRefused(HttpStatus status, String reason, String words) {
        super(reason + ": " + words);
        this.status = status;
        this.body = new Body(words, reason);
    }

    static GrantRefused bad(String reason, String words) {
        return new GrantRefused(HttpStatus.BAD_REQUEST, reason, words);
    }

    static GrantRefused conflict(String reason, String words) {
        return new GrantRefused(HttpStatus.CONFLICT, reason, words);
    }

    String reason() {
        return body.reason();
    }

    @RestControllerAdvice(assignableTypes = GrantsController.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class Answer {
        @ExceptionHandler(GrantRefused.class)
        ResponseEntity<Body> refused(GrantRefused e) {
            return ResponseEntity.status(e.status).body(e.body);
        }
    }
}
