package io.keyward.cloud.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's /error page for errors that happen outside a controller (the servlet container or
 * Spring Security's firewall refusing a request), so that they too answer {@code {"error": ...}}.
 */
@RestController
class JsonErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            // asked for directly, not forwarded here by the container
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("no such path"));
        }
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        return ResponseEntity.status(status).body(new ApiError(status.getReasonPhrase().toLowerCase()));
    }
}
