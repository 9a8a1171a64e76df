package io.keyward.cloud.accounts;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccountsSettings.class)
class AccountsConfiguration {

    /**
     * The authentication filter runs inside Spring Security's chain (web.SecurityConfiguration puts it
     * there); without this, Boot would also register it with the servlet container as a plain filter.
     */
    @Bean
    FilterRegistrationBean<AccountAuthenticationFilter> accountFilterOnlyInSecurityChain(AccountAuthenticationFilter filter) {
        FilterRegistrationBean<AccountAuthenticationFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }
}
