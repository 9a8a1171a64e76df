package io.keyward.cloud.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
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

    /** First of all filters, so an oversized body is refused before anything reads it. */
    @Bean
    FilterRegistrationBean<BodySizeLimit> bodySizeLimit(@Value("${keyward.http.max-body-size:64KB}") DataSize limit,
                                                        JsonErrors errors) {
        FilterRegistrationBean<BodySizeLimit> registration = new FilterRegistrationBean<>(new BodySizeLimit(limit.toBytes(), errors));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
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
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
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
