package io.keyward.cloud.web;

import java.io.IOException;
import java.util.Set;

import io.keyward.cloud.accounts.AccountPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CSRF defence for the session cookie, on top of SameSite=Strict (which older browsers and some
 * same-site setups do not give): a request that the cookie authenticates and that changes state must
 * carry {@code X-Keyward: 1}. A cross-site HTML form cannot set a custom header, and a cross-site
 * script cannot either without a CORS preflight, which this service never approves. Bearer tokens are
 * not sent by browsers on their own, so token-authenticated requests need no header.
 */
final class CsrfHeaderFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Keyward";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final JsonErrors errors;

    CsrfHeaderFilter(JsonErrors errors) {
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (cookieAuthenticated() && !SAFE_METHODS.contains(request.getMethod()) && !"1".equals(request.getHeader(HEADER))) {
            errors.write(response, HttpStatus.FORBIDDEN,
                    "a request authenticated by the session cookie that changes state needs the header " + HEADER + ": 1");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean cookieAuthenticated() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof AccountPrincipal principal
                && principal.credential() == AccountPrincipal.Credential.SESSION;
    }
}
