package io.keyward.cloud.people;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A request about a person refused before anything was sent or changed (docs/people.md): 4xx with
 * {@code {error, reason, lockId}}: plain words, a stable code (the lock's own where it is one of its
 * rules, RefusalReasons), and the lock concerned, if one.
 */
final class PersonRefused extends RuntimeException {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Body(String error, String reason, UUID lockId) {
    }

    private final HttpStatus status;
    private final transient Body body;

    PersonRefused(HttpStatus status, String reason, String words, UUID lockId) {
        super(reason + ": " + words);
        this.status = status;
        this.body = new Body(words, reason, lockId);
    }

    static PersonRefused bad(String reason, String words) {
        return new PersonRefused(HttpStatus.BAD_REQUEST, reason, words, null);
    }

    @RestControllerAdvice(assignableTypes = {PeopleController.class, PersonSignaturesController.class})
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class Answer {
        @ExceptionHandler(PersonRefused.class)
        ResponseEntity<Body> refused(PersonRefused e) {
            return ResponseEntity.status(e.status).body(e.body);
        }
    }
}
