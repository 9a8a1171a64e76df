package io.keyward.cloud;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.keyward.cloud.sharing.LockPath;
import io.keyward.cloud.sharing.RequiresRole;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 5: one pattern per cloud feature. A controller speaks HTTP and leaves SQL to the store or
 * service beside it; every handler under {@code /api/locks/{lockId}} gets its lock from sharing.RequiresRole
 * (one lock-id rule, one role check) or, for Bluetooth's own rule, sharing.LockPath; never as a bare path
 * variable.
 */
class FeaturePatternTest {

    private static final JavaClasses CLOUD = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.keyward.cloud");

    @Test
    void controllersHoldNoSql() {
        noClasses().that().areAnnotatedWith(RestController.class)
                .should().dependOnClassesThat().areAssignableTo(JdbcClient.class)
                .orShould().dependOnClassesThat().areAssignableTo(JdbcTemplate.class)
                .orShould().dependOnClassesThat().areAssignableTo(NamedParameterJdbcTemplate.class)
                .because("SQL lives in the store or service beside the controller (events, sharing, locks, visitors)")
                .check(CLOUD);
    }

    @Test
    void everyLockScopedHandlerTakesItsLockFromTheOneRule() {
        List<String> handlers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Method handler : handlers().toList()) {
            String name = handler.getDeclaringClass().getSimpleName() + "." + handler.getName();
            boolean lockScoped = paths(handler).anyMatch(path -> path.contains("{lockId}"));
            long resolved = Arrays.stream(handler.getParameters())
                    .filter(p -> p.isAnnotationPresent(RequiresRole.class) || p.isAnnotationPresent(LockPath.class))
                    .count();
            if (lockScoped) {
                handlers.add(name);
                if (resolved != 1) {
                    problems.add(name + ": takes its lock " + resolved + " times through RequiresRole or LockPath, not once");
                }
            }
            for (Parameter parameter : handler.getParameters()) {
                PathVariable variable = parameter.getAnnotation(PathVariable.class);
                if (variable != null && "lockId".equals(variable.value().isEmpty() ? parameter.getName() : variable.value())) {
                    problems.add(name + ": takes {lockId} as a bare @PathVariable");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(handlers).as("lock-scoped handlers found").hasSizeGreaterThanOrEqualTo(34);
    }

    private static Stream<Method> handlers() {
        return CLOUD.stream().filter(c -> c.isAnnotatedWith(RestController.class)).map(JavaClass::reflect)
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .filter(m -> AnnotatedElementUtils.hasAnnotation(m, RequestMapping.class));
    }

    private static Stream<String> paths(Method handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler, RequestMapping.class);
        return Stream.concat(Arrays.stream(mapping.path()), Arrays.stream(mapping.value()));
    }
}
