package io.keyward.cloud.sharing;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.accounts.AccountPrincipal;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.server.ResponseStatusException;

/**
 * Resolves {@link RequiresRole} and {@link LockPath} parameters: reads {@code {lockId}} from the path,
 * parses it by the one lock-id rule and (RequiresRole) checks the role through {@link Access}, so no
 * handler parses ids or checks roles itself.
 */
@Component
class LockAccessResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    static final String PATH_VARIABLE = "lockId";

    private final Access access;

    LockAccessResolver(Access access) {
        this.access = access;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        Class<?> type = parameter.getParameterType();
        return parameter.hasParameterAnnotation(RequiresRole.class)
                && (type == UUID.class || type == AccessibleLock.class)
                || parameter.hasParameterAnnotation(LockPath.class) && type == UUID.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        UUID lock = lockId(pathVariable(request));
        RequiresRole requires = parameter.getParameterAnnotation(RequiresRole.class);
        if (requires == null) {
            return lock; // LockPath: the handler applies its own rule
        }
        AccountRole minimum = requires.value();
        AccountRole role = access.require(signedIn().accountId(), lock, minimum);
        return parameter.getParameterType() == UUID.class ? lock : new AccessibleLock(lock, role);
    }

    /** The one lock-id rule: malformed answers what unknown does (404 "no such lock"), not a type-mismatch 400. */
    static UUID lockId(String text) {
        try {
            if (text != null) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException notAUuid) {
            // falls through to the same answer as an unknown lock
        }
        throw new ResponseStatusException(HttpStatus.NOT_FOUND, Access.NO_SUCH_LOCK);
    }

    private static String pathVariable(NativeWebRequest request) {
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return variables == null ? null : variables.get(PATH_VARIABLE);
    }

    /** Lock paths are for signed-in accounts only (web.SecurityConfiguration); this is the same rule, said again. */
    private static AccountPrincipal signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof AccountPrincipal principal) {
            return principal;
        }
        throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "not signed in");
    }
}
