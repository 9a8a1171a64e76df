package io.keyward.cloud.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import jakarta.servlet.DispatcherType;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /** First of all filters but the security headers, so an oversized body is refused before anything reads it. */
    @Bean
    FilterRegistrationBean<BodySizeLimit> bodySizeLimit(@Value("${keyward.http.max-body-size:64KB}") DataSize limit,
                                                        JsonErrors errors) {
        FilterRegistrationBean<BodySizeLimit> registration = new FilterRegistrationBean<>(new BodySizeLimit(limit.toBytes(), errors));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /**
     * The security headers (issue 10 finding 11) on every answer: before every other filter, so even a
     * refused oversized body or an unauthenticated call carries them.
     */
    @Bean
    SecurityHeaders securityHeaders(@Value("${keyward.http.radio-origins:" + SecurityHeaders.DEFAULT_RADIO_ORIGINS + "}")
                                    String radioOrigins) {
        return new SecurityHeaders(radioOrigins);
    }

    @Bean
    FilterRegistrationBean<SecurityHeaders> securityHeadersFilter(SecurityHeaders headers) {
        FilterRegistrationBean<SecurityHeaders> registration = new FilterRegistrationBean<>(headers);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        return registration;
    }

    /**
     * Right after the body limit: who the client is (X-Forwarded-For from trusted proxies only, issue 10
     * finding 9) is settled before security, sign-in limits or cookies look at it.
     */
    @Bean
    FilterRegistrationBean<ForwardedHeaders> forwardedHeaders(@Value("${keyward.http.trusted-proxies:}") String trustedProxies) {
        FilterRegistrationBean<ForwardedHeaders> registration = new FilterRegistrationBean<>(
                new ForwardedHeaders(TrustedProxies.parse(trustedProxies)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /**
     * Tomcat's refusals of requests it cannot parse (issue 10 finding 11) answer JSON, not its HTML
     * page: our valve takes the place of its ErrorReportValve on the host. The connector's limits are
     * set in application.properties.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonContainerErrors(SecurityHeaders headers) {
        return factory -> factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            host.getPipeline().addValve(new JsonErrorReportValve(headers));
        });
    }

    /**
     * Jackson turns 42, 4.2 and true into "42", "4.2" and "true" when a String is expected; a client
     * that sends a number for an email has a bug it should hear about (the rest of the strictness is
     * in application.properties).
     */
    @Bean
    JsonMapperBuilderCustomizer noScalarsAsText() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /** The document at /api/openapi.json: title, and the two ways to authenticate. */
    @Bean
    OpenAPI keywardApi() {
        return new OpenAPI()
                // relative: the document names no host or port of its own (docs/openapi.json is the served one)
                .servers(java.util.List.of(new Server().url("/").description("the cloud that serves this document")))
                .info(new Info().title("Keyward cloud API").version("1")
                        .description("Accounts, locks, sharing, events and alerts. Errors are {\"error\": \"<reason>\"}."))
                .components(new Components()
                        .addSecuritySchemes("session", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name("KW_SESSION")
                                .description("Set by POST /api/session. Requests that change state also need the header X-Keyward: 1."))
                        .addSecuritySchemes("token", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("Created with POST /api/tokens.")))
                .addSecurityItem(new SecurityRequirement().addList("session"))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }
}
