package io.keyward.cloud.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Takes the place of Tomcat's ErrorReportValve, whose HTML page answered the requests the container
 * refuses before Spring sees them (issue 10 finding 11): a request line or headers over the connector's
 * limit, an encoded slash, NUL or backslash in the path, a broken percent escape. They answer
 * {@code {"error": reason}} with their 4xx and the security headers instead; anything the container
 * would answer with a 5xx is a bare "internal error", as in ApiExceptionHandler.
 */
final class JsonErrorReportValve extends ErrorReportValve {

    private final SecurityHeaders headers;

    JsonErrorReportValve(SecurityHeaders headers) {
        this.headers = headers;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return; // not an error, or the application already wrote its own answer
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return; // the connection is already broken
        }
        try {
            response.resetBuffer();
            headers.apply(response);
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"error\":\"" + reason(status) + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away: nothing left to tell it
        }
    }

    /** Plain words for the status; the reasons never echo the request (it may be 20k characters of anything). */
    static String reason(int status) {
        if (status == 400) {
            return "bad request: the request line, path or headers are malformed or too long";
        }
        if (status >= 500) {
            return "internal error";
        }
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase().toLowerCase() : "error " + status;
    }
}
