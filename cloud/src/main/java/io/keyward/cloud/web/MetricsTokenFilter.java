package io.keyward.cloud.web;

import java.io.IOException;

import io.keyward.cloud.metrics.MetricsExposure;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The management port's one check (issue 12): with keyward.metrics.token set, every request carries
 * {@code Authorization: Bearer <token>}; without it (loopback only, MetricsExposure) nothing is asked.
 */
final class MetricsTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final MetricsExposure exposure;
    private final JsonErrors errors;

    MetricsTokenFilter(MetricsExposure exposure, JsonErrors errors) {
        this.exposure = exposure;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!exposure.tokenRequired()) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.startsWith(BEARER)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            errors.write(response, HttpStatus.UNAUTHORIZED, "the metrics need Authorization: Bearer <keyward.metrics.token>");
        } else if (!exposure.accepts(header.substring(BEARER.length()).trim())) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            errors.write(response, HttpStatus.UNAUTHORIZED, "wrong metrics token");
        } else {
            chain.doFilter(request, response);
        }
    }
}
