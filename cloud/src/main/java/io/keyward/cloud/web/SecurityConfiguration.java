package io.keyward.cloud.web;

import io.keyward.cloud.accounts.AccountAuthenticationFilter;
import io.keyward.cloud.metrics.MetricsExposure;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. Default deny: only signing up, signing in, the API document, the health probes and
 * the web app's static files (GET) are open; every other path needs an account, so an endpoint added
 * later is closed until opened here.
 * (An unknown path therefore answers 401 before sign-in and 404 after.)
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * The management port (issue 12, docs/cloud.md "Metrics"): only actuator endpoints, no accounts or
     * sessions; open on loopback, behind keyward.metrics.token when one is set (required when exposed).
     * Matched first: EndpointRequest matches requests of the management server only.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain management(HttpSecurity http, MetricsExposure exposure, JsonErrors errors) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .addFilterBefore(new MetricsTokenFilter(exposure, errors), AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AccountAuthenticationFilter accounts, JsonErrors errors) throws Exception {
        http
                // Spring's session-bound CSRF tokens would need server-side HTTP sessions; the
                // X-Keyward header rule (CsrfHeaderFilter) protects the cookie without them.
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // SecurityHeaders sets framing, sniffing, referrer and CSP on every answer, errors too;
                // Spring Security keeps only its cache-control headers on the API
                .headers(headers -> headers.frameOptions(frame -> frame.disable())
                        .contentTypeOptions(sniff -> sniff.disable())
                        .xssProtection(xss -> xss.disable()))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(requests -> requests
                        // an ASYNC dispatch ends a request that was authorized when it began (alert streams)
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/accounts", "/api/session").permitAll()
                        // a lock in pairing mode proves itself with the pairing code's secret (locks.Pairing)
                        .requestMatchers(HttpMethod.POST, "/api/pairing/*").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/openapi.json").permitAll()
                        // an invitation link's page shows what it invites to before signing up (sharing.Inviting)
                        .requestMatchers(HttpMethod.GET, "/api/invitations/*").permitAll()
                        // liveness and readiness on the main port; /actuator lives on the management port only
                        .requestMatchers(HttpMethod.GET, "/livez", "/readyz").permitAll()
                        // the web app's static files (resources/static): public, it signs in through the API
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/app/**", "/favicon.ico").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) -> errors.write(response, HttpStatus.UNAUTHORIZED,
                                unauthenticatedReason(request.getAttribute(AccountAuthenticationFilter.FAILURE_REASON))))
                        .accessDeniedHandler((request, response, e) -> errors.write(response, HttpStatus.FORBIDDEN, "forbidden")))
                .addFilterBefore(accounts, AnonymousAuthenticationFilter.class)
                .addFilterAfter(new CsrfHeaderFilter(errors), AccountAuthenticationFilter.class);
        return http.build();
    }

    /**
     * No observations of Spring Security's own (issue 11 item 5). management.observations.enable.spring.security
     * only made them no-ops: the chain was still wrapped, each of its ~15 filters in an observation
     * object of its own on every request (~25 of ~400 JFR samples of bench unlock's request thread).
     * With these settings the chain is not wrapped at all; HTTP requests are still observed as a whole.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    private static String unauthenticatedReason(Object failure) {
        return failure != null ? failure.toString() : "not signed in: sign in, or send Authorization: Bearer <token>";
    }
}
