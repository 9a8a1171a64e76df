package io.keyward.cloud.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.accounts.AccountPrincipal;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Issue 11 item 5: the steps of Spring Security's chain the remote unlock's fast path runs (SecurityChainSteps):
 * the chain's own authorization decides, its own header writers write, and a chain with a filter not on the
 * known list is never stood in for.
 */
@DisplayName("SecurityChainSteps: the chain's own authorization and headers; an unknown filter in the chain turns the fast path off (issue 11 item 5)")
class SecurityChainStepsTest {

    private static final AccountPrincipal ALICE = new AccountPrincipal(UUID.randomUUID(), "alice@example.org", "Alice",
            AccountPrincipal.Credential.TOKEN);

    @Test
    @DisplayName("the chain's AuthorizationFilter decides with the account, and the context is cleared afterwards")
    void authorizationIsTheChains() {
        assertThat(steps(new AuthorizationFilter(AuthenticatedAuthorizationManager.authenticated())).allows(request(), response(), ALICE))
                .as("authenticated() with the account").isTrue();
        assertThat(steps(new AuthorizationFilter((authentication, request) -> new AuthorizationDecision(false))).allows(request(), response(), ALICE))
                .as("a rule that denies").isFalse();
        assertThat(SecurityContextHolder.getContext().getAuthentication()).as("nothing left on the thread").isNull();
    }

    @Test
    @DisplayName("the chain's HeaderWriterFilter writes its headers on the response")
    void headersAreTheChains() throws Exception {
        MockHttpServletResponse response = response();
        steps(new AuthorizationFilter(AuthenticatedAuthorizationManager.authenticated()),
                new HeaderWriterFilter(List.of(new CacheControlHeadersWriter()))).writeHeaders(request(), response);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-cache, no-store, max-age=0, must-revalidate");
        assertThat(response.getHeader("Pragma")).isEqualTo("no-cache");
    }

    @Test
    @DisplayName("a filter not on the known list (a rate limit added later, say): no request is allowed, so every one takes the chain")
    void unknownFilterTurnsItOff() {
        Filter rateLimit = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request,
                                            jakarta.servlet.http.HttpServletResponse response, jakarta.servlet.FilterChain chain) {
                // refuses everything
            }
        };
        assertThat(steps(new AuthorizationFilter(AuthenticatedAuthorizationManager.authenticated()), rateLimit)
                .allows(request(), response(), ALICE)).isFalse();
        assertThat(steps(rateLimit).allows(request(), response(), ALICE)).as("nor without an authorization filter").isFalse();
    }

    @Test
    @DisplayName("a request no chain matches is not allowed")
    void noChain() {
        FilterChainProxy none = new FilterChainProxy(List.of());
        SecurityChainSteps steps = new SecurityChainSteps(new StaticListableBeanFactory(Map.of("proxy", none)).getBeanProvider(FilterChainProxy.class));
        assertThat(steps.allows(request(), response(), ALICE)).isFalse();
    }

    private static SecurityChainSteps steps(Filter... filters) {
        FilterChainProxy proxy = new FilterChainProxy(new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE, filters));
        return new SecurityChainSteps(new StaticListableBeanFactory(Map.of("proxy", proxy)).getBeanProvider(FilterChainProxy.class));
    }

    private static MockHttpServletRequest request() {
        return new MockHttpServletRequest("POST", "/api/locks/" + UUID.randomUUID() + "/unlock");
    }

    private static MockHttpServletResponse response() {
        return new MockHttpServletResponse();
    }
}
