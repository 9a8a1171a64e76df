package io.keyward.cloud.web;

import java.util.Arrays;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every exception a controller lets out becomes {@code {"error": "<reason>"}} with a 4xx when the
 * request was at fault. The reasons name the field and the rule, never a Java class; anything
 * unforeseen is logged and answers a bare 500.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final long bodyLimit;

    ApiExceptionHandler(@Value("${keyward.http.max-body-size:64KB}") DataSize bodyLimit) {
        this.bodyLimit = bodyLimit.toBytes();
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        if (causedBy(e, BodySizeLimit.TooLarge.class)) {
            return error(HttpStatus.CONTENT_TOO_LARGE, BodySizeLimit.reason(bodyLimit));
        }
        return error(HttpStatus.BAD_REQUEST, unreadableReason(e.getCause()));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ApiError> invalid(MethodArgumentNotValidException e) {
        String reason = e.getBindingResult().getFieldErrors().stream()
                .sorted(Comparator.comparing(FieldError::getField))
                .map(field -> field.getField() + ": " + field.getDefaultMessage())
                .collect(Collectors.joining("; "));
        return error(HttpStatus.BAD_REQUEST, reason.isEmpty() ? "invalid request" : reason);
    }

    /** A path variable or query parameter of the wrong form: an id that is not a UUID, an unknown setting. */
    @ExceptionHandler(TypeMismatchException.class)
    ResponseEntity<ApiError> mismatch(TypeMismatchException e) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        Class<?> type = e.getRequiredType();
        String expected = type == null ? "" : type.isEnum()
                ? ": one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "))
                : type == UUID.class ? ": an id" : ": " + type.getSimpleName().toLowerCase();
        return error(HttpStatus.BAD_REQUEST, "wrong value for '" + name + "'" + expected);
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ApiError> unauthenticated(AuthenticationException e) {
        return error(HttpStatus.UNAUTHORIZED, "not signed in");
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ApiError> forbidden(AccessDeniedException e) {
        return error(HttpStatus.FORBIDDEN, "forbidden");
    }

    /**
     * A long-lived answer that ran its time (an alert stream after keyward.alerts.stream-timeout): it just
     * ends, and the browser's EventSource opens another. Its response is committed (text/event-stream), so
     * nothing can be written; one that is not yet committed answers 503.
     */
    @ExceptionHandler(AsyncRequestTimeoutException.class)
    ResponseEntity<ApiError> ranItsTime(AsyncRequestTimeoutException e, HttpServletResponse response) {
        if (response.isCommitted()) {
            return null; // handled: nothing to write into a stream that has begun
        }
        return error(HttpStatus.SERVICE_UNAVAILABLE, "the request took too long; try again");
    }

    /**
     * Spring MVC's own refusals (404, 405, 415 ...) and our ResponseStatusExceptions, with their
     * headers (Allow, Retry-After); anything else is a bug of ours. A 5xx we raise on purpose with a
     * reason (504: the lock did not answer in time, 503 ...) keeps its status and reason: the client
     * can act on it. Only an unforeseen exception is a bare 500.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> other(Exception e) {
        if (e instanceof ResponseStatusException r && r.getStatusCode().is5xxServerError() && r.getReason() != null) {
            log.warn("request answered {}: {}", r.getStatusCode().value(), r.getReason());
            return ResponseEntity.status(r.getStatusCode()).headers(r.getHeaders()).body(new ApiError(r.getReason()));
        }
        if (!(e instanceof ErrorResponse response) || response.getStatusCode().is5xxServerError()) {
            log.error("request failed", e);
            return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
        HttpStatusCode status = response.getStatusCode();
        return ResponseEntity.status(status).headers(response.getHeaders()).body(new ApiError(reason(e, status)));
    }

    private static String reason(Exception e, HttpStatusCode status) {
        if (e instanceof ResponseStatusException r && r.getReason() != null) {
            return r.getReason();
        }
        if (e instanceof NoResourceFoundException) {
            return "no such path";
        }
        if (e instanceof HttpRequestMethodNotSupportedException m) {
            return "method " + m.getMethod() + " not allowed here" + allowed(m.getHeaders());
        }
        if (e instanceof HttpMediaTypeNotSupportedException m) {
            return "unsupported content type" + (m.getContentType() != null ? " " + m.getContentType() : "")
                    + ": send application/json";
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.getReasonPhrase().toLowerCase() : "error " + status.value();
    }

    private static String allowed(HttpHeaders headers) {
        return headers.getAllow().isEmpty() ? "" : "; allowed: "
                + headers.getAllow().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
    }

    private static String unreadableReason(Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return "wrong type or value for field '" + path(mismatch) + "'";
        }
        if (cause instanceof MismatchedInputException) {
            return "the request body must be one JSON object";
        }
        if (cause instanceof StreamReadException || cause instanceof JacksonException) {
            return "malformed JSON";
        }
        return "request body missing or unreadable";
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<ApiError> error(HttpStatus status, String reason) {
        return ResponseEntity.status(status).body(new ApiError(reason));
    }
}
