package io.keyward.cloud.web;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The database is down or unreachable (a restart, a failover, a cut network): the cloud keeps running
 * and answers what needs the database with 503 {@code {"error": ...}} and {@code Retry-After}, never a
 * 500. An outage is told by the exception's causes: no connection could be had, or the one in use broke
 * (SQL states of class 08, and 57P0x: the server shutting down). Other database errors are bugs: 500
 * (a commit that failed for another reason answers so here; the rest never reach this class).
 * Controllers' exceptions come here before {@link ApiExceptionHandler}; the nested filter catches the
 * same from the filters in front of them (signing in by session or token reads the database).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseUnavailable {

    static final String REASON = "the database is unavailable: try again shortly";
    static final String RETRY_AFTER_SECONDS = "5";
    static final String BUSY = "the database is busy: try again";
    static final String BUSY_RETRY_AFTER_SECONDS = "1";

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailable.class);

    // only the types an outage comes as, so that handlers of other database errors elsewhere stay in charge
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessResourceException.class,
            CannotCreateTransactionException.class, TransactionSystemException.class})
    ResponseEntity<ApiError> database(RuntimeException e) {
        if (!isOutage(e)) {
            log.error("request failed", e);
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(new ApiError("internal error"));
        }
        log.warn("database unavailable: {}", rootMessage(e));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", RETRY_AFTER_SECONDS)
                .body(new ApiError(REASON));
    }

    /**
     * A row another request holds for longer than the database waits (H2's lock timeout under load, a
     * PostgreSQL deadlock or serialization failure): nothing was changed, and the same request may well
     * succeed a moment later. 503 with a short Retry-After, never a 500.
     */
    @ExceptionHandler({PessimisticLockingFailureException.class, QueryTimeoutException.class})
    ResponseEntity<ApiError> busy(RuntimeException e) {
        log.warn("database busy: {}", rootMessage(e));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", BUSY_RETRY_AFTER_SECONDS)
                .body(new ApiError(BUSY));
    }

    /** Whether this failure is contention for a row (see {@link #busy}) rather than a mistake of ours. */
    static boolean isContention(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PessimisticLockingFailureException || t instanceof QueryTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Whether this failure is the database being unreachable rather than a mistake of ours. */
    static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CannotCreateTransactionException || t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** The same answer for an outage met by a filter (authentication) before any controller. */
    @Component
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    static final class Filter extends OncePerRequestFilter {

        private final JsonErrors errors;

        Filter(JsonErrors errors) {
            this.errors = errors;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            try {
                chain.doFilter(request, response);
            } catch (RuntimeException | ServletException e) {
                boolean busy = isContention(e);
                if (!(busy || isOutage(e)) || response.isCommitted()) {
                    throw e;
                }
                log.warn("database {}: {}", busy ? "busy" : "unavailable", rootMessage(e));
                response.setHeader("Retry-After", busy ? BUSY_RETRY_AFTER_SECONDS : RETRY_AFTER_SECONDS);
                errors.write(response, HttpStatus.SERVICE_UNAVAILABLE, busy ? BUSY : REASON);
            }
        }
    }
}
