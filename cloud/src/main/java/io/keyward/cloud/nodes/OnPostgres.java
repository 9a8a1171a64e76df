package io.keyward.cloud.nodes;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Whether the cloud stores in PostgreSQL ({@code spring.datasource.url} jdbc:postgresql:...), the one shared database. */
class OnPostgres implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String url = context.getEnvironment().getProperty("spring.datasource.url", "");
        return url.startsWith("jdbc:postgresql:");
    }

    /** The opposite: H2. */
    static class Not implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !new OnPostgres().matches(context, metadata);
        }
    }
}
