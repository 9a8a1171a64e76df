package io.keyward.cloud.webhooks;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookSettings.class)
class WebhooksConfiguration {

    @Bean
    WebhookSender webhookSender(WebhookSettings settings) {
        return new WebhookSender(settings);
    }
}
