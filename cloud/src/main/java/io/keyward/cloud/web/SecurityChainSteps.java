package io.keyward.cloud.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.keyward.cloud.accounts.AccountAuthenticationFilter;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.management.SecurityChainGate;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.request.async.WebAsyncManagerIntegrationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestFilter;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.session.SessionManagementFilter;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.CorsFilter;

/**
 * The steps of Spring Security's chain that a request answered before it (management.RemoteUnlockFastPath)
 * still needs, run as they are, taken from the chain {@link SecurityConfiguration} built for that request: its
 * {@link AuthorizationFilter} (the path's rule, with the account the request authenticated as) and its
 * header writers ({@link HeaderWriterFilter}: the cache headers, HSTS on HTTPS; a {@link CorsFilter} if the
 * chain has one). Each runs with an empty rest of the chain, so only its own check or headers take effect.
 * <p>
 * The other filters of the chain have nothing to do for a bearer-token request and are skipped; which they
 * are is a closed list ({@link #SKIPPED}, each with its reason). A chain holding any other filter (one added
 * to SecurityConfiguration later, a rate limit say) is not one this class can stand in for: then
 * {@link #allows} says no to every request, and every request takes the chain.
 */
@Component
public final class SecurityChainSteps implements SecurityChainGate {

    private static final Logger log = LoggerFactory.getLogger(SecurityChainSteps.class);

    /**
     * Filters with nothing to do for a POST authenticated by a bearer token and answered without Spring MVC:
     * no session id to keep out of URLs (DisableEncodeUrl), no MVC async to carry the context into
     * (WebAsyncManagerIntegration), no stored context (SecurityContextHolder: stateless; the context is set and
     * cleared here around the authorization), the servlet API's security methods are not called
     * (SecurityContextHolderAwareRequest), no anonymous user (Anonymous), no session (SessionManagement), no
     * exception to translate (ExceptionTranslation: any refusal falls through to the chain, which answers it);
     * the account's own filter is called by the fast path ({@link AccountAuthenticationFilter#bearer}), and the
     * CSRF header rule applies to the session cookie only, never to a bearer token ({@link CsrfHeaderFilter}).
     */
    static final Set<Class<?>> SKIPPED = Set.of(DisableEncodeUrlFilter.class, WebAsyncManagerIntegrationFilter.class,
            SecurityContextHolderFilter.class, SecurityContextHolderAwareRequestFilter.class,
            AnonymousAuthenticationFilter.class, SessionManagementFilter.class, ExceptionTranslationFilter.class,
            AccountAuthenticationFilter.class, CsrfHeaderFilter.class);

    /** The steps of one chain: its authorization, its header writers; null when the chain has a filter not known here. */
    private record Steps(Filter authorization, List<Filter> headers) {
    }

    private static final Steps NONE = new Steps(null, List.of());

    private final ObjectProvider<FilterChainProxy> proxy;
    private final Map<SecurityFilterChain, Steps> steps = new ConcurrentHashMap<>();

    SecurityChainSteps(ObjectProvider<FilterChainProxy> proxy) {
        this.proxy = proxy;
    }

    /**
     * Whether the chain's authorization lets this account make this request (the chain's own
     * AuthorizationFilter, run with the account's authentication as AccountAuthenticationFilter sets it).
     * False too when the request matches no chain or one with filters not known here.
     */
    @Override
    public boolean allows(HttpServletRequest request, HttpServletResponse response, AccountPrincipal principal) {
        Steps chain = stepsFor(request);
        if (chain.authorization() == null) {
            return false;
        }
        SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(AccountAuthenticationFilter.authentication(principal));
        contexts.setContext(context);
        try {
            return ranThrough(chain.authorization(), request, response);
        } catch (RuntimeException | IOException | ServletException denied) {
            return false; // AccessDenied, AuthenticationCredentialsNotFound ...: the chain answers it
        } finally {
            contexts.clearContext();
        }
    }

    /** The chain's headers on the response, as its HeaderWriterFilter (and CorsFilter) write them for this request. */
    @Override
    public void writeHeaders(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        for (Filter headers : stepsFor(request).headers()) {
            if (!ranThrough(headers, request, response)) {
                throw new IllegalStateException(headers.getClass().getSimpleName() + " answered the request itself");
            }
        }
    }

    private static boolean ranThrough(Filter filter, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        AtomicBoolean through = new AtomicBoolean();
        FilterChain rest = (req, res) -> through.set(true);
        filter.doFilter(request, response, rest);
        return through.get();
    }

    private Steps stepsFor(HttpServletRequest request) {
        FilterChainProxy chains = proxy.getIfAvailable();
        if (chains == null) {
            return NONE;
        }
        for (SecurityFilterChain chain : chains.getFilterChains()) {
            if (chain.matches(request)) {
                return steps.computeIfAbsent(chain, SecurityChainSteps::steps);
            }
        }
        return NONE;
    }

    private static Steps steps(SecurityFilterChain chain) {
        Filter authorization = null;
        List<Filter> headers = new java.util.ArrayList<>();
        for (Filter filter : chain.getFilters()) {
            if (filter instanceof AuthorizationFilter) {
                authorization = filter;
            } else if (filter instanceof HeaderWriterFilter || filter instanceof CorsFilter) {
                headers.add(filter);
            } else if (!SKIPPED.contains(filter.getClass())) {
                log.warn("the security chain has a filter the remote unlock's fast path does not know ({}): "
                        + "every unlock takes the chain", filter.getClass().getName());
                return NONE;
            }
        }
        return new Steps(authorization, List.copyOf(headers));
    }
}
