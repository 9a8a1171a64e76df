package io.keyward.cloud.web;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every answer of the cloud carries (issue 10 finding 11), set before anything else runs
 * so that refusals, error pages and static files get them too; {@link JsonErrorReportValve} sets them
 * on the servlet container's own refusals, which never reach a filter.
 * <p>
 * The Content-Security-Policy allows only the app's own files: no inline script or style, no eval, no
 * plugins, no framing, no {@code <base>}, forms only to this origin. Images may be data: (the CSS's
 * icons) and blob: URLs. connect-src adds the origins of the locks' simulated Bluetooth radios, which
 * the app calls straight on their panel port (docs/bluetooth.md); {@code keyward.http.radio-origins}
 * names them, by default any port of 127.0.0.1 over HTTP, the only place a simulated lock serves.
 */
final class SecurityHeaders implements Filter {

    static final String DEFAULT_RADIO_ORIGINS = "http://127.0.0.1:*";

    private final String policy;

    SecurityHeaders(String radioOrigins) {
        this.policy = policy(radioOrigins);
    }

    static String policy(String radioOrigins) {
        String radios = radioOrigins == null || radioOrigins.isBlank() ? "" : " " + radioOrigins.trim();
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
                + "font-src 'self'; manifest-src 'self'; connect-src 'self'" + radios + "; "
                + "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }

    void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", policy);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (response instanceof HttpServletResponse http) {
            apply(http);
        }
        chain.doFilter(request, response);
    }
}
