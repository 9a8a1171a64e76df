package io.keyward.cloud.accounts;

import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Establishes the {@link AccountPrincipal} of a request from {@code Authorization: Bearer <token>} or,
 * failing that header, from the session cookie. A credential that does not check out leaves the request
 * anonymous and says why in {@link #FAILURE_REASON}, so that the 401 (if the endpoint needs an account)
 * can tell "signed out" from "never signed in". An explicit bearer header wins over a cookie.
 */
@Component
public final class AccountAuthenticationFilter extends OncePerRequestFilter {

    /** Request attribute: why the credential presented was not accepted. */
    public static final String FAILURE_REASON = AccountAuthenticationFilter.class.getName() + ".failure";

    private final Sessions sessions;
    private final ApiTokens tokens;
    private final Clock clock;

    AccountAuthenticationFilter(Sessions sessions, ApiTokens tokens, Clock clock) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        authenticate(request).ifPresent(principal -> SecurityContextHolder.getContext().setAuthentication(authentication(principal)));
        chain.doFilter(request, response);
    }

    /** Spring Security's authentication of a signed-in account, as this filter gives it to the chain. */
    public static Authentication authentication(AccountPrincipal principal) {
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, AuthorityUtils.NO_AUTHORITIES);
    }

    private Optional<AccountPrincipal> authenticate(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            return bearer(authorization, request);
        }
        Optional<String> cookie = SessionCookie.read(request);
        Optional<AccountPrincipal> principal = cookie.flatMap(secret -> sessions.authenticate(secret, OffsetDateTime.now(clock)));
        if (cookie.isPresent() && principal.isEmpty()) {
            request.setAttribute(FAILURE_REASON, "session expired or signed out");
        }
        return principal;
    }

    private Optional<AccountPrincipal> bearer(String authorization, HttpServletRequest request) {
        if (!isBearer(authorization)) {
            request.setAttribute(FAILURE_REASON, "unsupported Authorization scheme: use Bearer <token>");
            return Optional.empty();
        }
        Optional<AccountPrincipal> principal = bearer(authorization);
        if (principal.isEmpty()) {
            request.setAttribute(FAILURE_REASON, "invalid or revoked token");
        }
        return principal;
    }

    /** Whether an Authorization header names the one scheme this cloud takes. */
    public static boolean isBearer(String authorization) {
        return authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /**
     * The account a {@code Bearer} Authorization header proves, if its token is known and not revoked: this
     * filter's own rule, also used by the remote unlock's fast path (management.RemoteUnlockFastPath), which
     * answers before Spring Security's chain and must authenticate exactly as it does.
     */
    public Optional<AccountPrincipal> bearer(String authorization) {
        return isBearer(authorization) ? tokens.authenticate(authorization.substring(7).strip()) : Optional.empty();
    }
}
