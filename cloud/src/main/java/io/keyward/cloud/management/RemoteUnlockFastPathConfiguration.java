package io.keyward.cloud.management;

import io.keyward.cloud.accounts.AccountAuthenticationFilter;
import io.keyward.cloud.sharing.Access;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class RemoteUnlockFastPathConfiguration {

    @Bean
    RemoteUnlockFastPath remoteUnlockFastPath(AccountAuthenticationFilter accounts, SecurityChainGate security, Access access,
                                              RemoteUnlock remoteUnlock, RemoteUnlockTimer timer, JsonMapper json,
                                              @Value("${keyward.http.fast-unlock:true}") boolean on) {
        return new RemoteUnlockFastPath(accounts, security, access, remoteUnlock, timer, json, on);
    }

    /**
     * After the filters every request passes (security headers, http.server.requests' observation, the body
     * limit, the trusted-proxy rule, the database outage's 503) and before Spring Security's chain (order -100).
     * Request dispatches only: its answer is written by the thread that reads the lock's reply, not dispatched.
     */
    @Bean
    FilterRegistrationBean<RemoteUnlockFastPath> remoteUnlockFastPathFilter(RemoteUnlockFastPath filter) {
        FilterRegistrationBean<RemoteUnlockFastPath> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setAsyncSupported(true);
        return registration;
    }
}
