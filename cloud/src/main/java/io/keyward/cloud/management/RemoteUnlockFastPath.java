package io.keyward.cloud.management;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keyward.cloud.accounts.AccountAuthenticationFilter;
import io.keyward.cloud.accounts.AccountPrincipal;
import io.keyward.cloud.sharing.Access;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.protocol.link.LinkMessages;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/locks/{lockId}/unlock} at the network's speed (issue 11 item 5): the plain bearer-token
 * request answered before Spring Security's chain and Spring MVC, asynchronously, from the thread that reads
 * the lock's reply (no request thread parked, no hand-off back to one). Every check is the normal path's own
 * code, called in the same order: the token ({@link AccountAuthenticationFilter#bearer}), the chain's own
 * authorization and header filters ({@link SecurityChainGate}, web.SecurityChainSteps), the role ({@link Access#require}, MEMBER),
 * then the lock ({@link RemoteUnlock#prepare}: reset, trust mode, online, the signature). Nothing is cached.
 * <p>
 * It answers only what follows the publish: 200, 409 with the lock's refusal, 504. Anything before it that is
 * not a plain yes - no or a bad token, no role, a lock removed, reset or offline, a database error - falls
 * through to the normal path unchanged, which then answers with its own words and headers; so does every
 * request it was not made for: a session cookie (CSRF rule), a device's signature (issue 15), an Origin
 * (CORS), a query string, a path that is not exactly the unlock's, an ASYNC or ERROR dispatch. Nothing has
 * been sent to the lock when a request falls through. {@code keyward.http.fast-unlock=false} turns it off.
 * <p>
 * The answer may be written while the request thread is still leaving the filters outside this one: none of them
 * touches the response on its way out (the observation only adds its listener to the async context, and Tomcat
 * holds a complete() made meanwhile until the dispatch has returned).
 */
public final class RemoteUnlockFastPath extends OncePerRequestFilter {

    /** An error's body, as every error of the API reads ({"error": reason}, web.ApiError). */
    record ErrorBody(String error) {
    }

    /** The one path it serves, as Spring MVC maps it (ManagementController#unlock). */
    public static final String PATH = "/api/locks/{lockId}/unlock";

    private static final Logger log = LoggerFactory.getLogger(RemoteUnlockFastPath.class);
    private static final ManagementController.Unlocked UNLOCKED = new ManagementController.Unlocked(true);
    private static final Pattern UNLOCK = Pattern.compile(
            "/api/locks/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/unlock");
    /** What Secrets makes (base64url): a token of other characters is not one, and the normal path says so. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    /** The container's own time limit, beyond the command's: the 504 always comes first. */
    private static final long ASYNC_TIMEOUT_MILLIS = (RemoteUnlock.LIFETIME_SECONDS + 10) * 1000;

    private final AccountAuthenticationFilter accounts;
    private final SecurityChainGate security;
    private final Access access;
    private final RemoteUnlock remoteUnlock;
    private final RemoteUnlockTimer timer;
    private final JsonMapper json;
    private final AtomicLong answered = new AtomicLong();
    /** The 200's body, written once: the same bytes for every unlock (Jackson took ~40 µs an answer). */
    private final byte[] unlockedBody;
    private volatile boolean on;

    RemoteUnlockFastPath(AccountAuthenticationFilter accounts, SecurityChainGate security, Access access,
                         RemoteUnlock remoteUnlock, RemoteUnlockTimer timer, JsonMapper json, boolean on) {
        this.accounts = accounts;
        this.security = security;
        this.access = access;
        this.remoteUnlock = remoteUnlock;
        this.timer = timer;
        this.json = json;
        this.unlockedBody = json.writeValueAsBytes(UNLOCKED);
        this.on = on;
    }

    /** Off: every unlock takes the normal path (tests compare the two answers with it). */
    public void switchOn(boolean on) {
        this.on = on;
    }

    /** How many unlocks it has answered since the start (the rest fell through to the normal path). */
    public long answered() {
        return answered.get();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        UUID lockId = on ? lockIdOfPlainUnlock(request) : null;
        if (lockId == null || !tryUnlock(request, response, lockId)) {
            chain.doFilter(request, response);
        }
    }

    /** The lock's id when this is a request the fast path is for; null: the normal path's. */
    private static UUID lockIdOfPlainUnlock(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.REQUEST || !"POST".equals(request.getMethod())
                || !request.isAsyncSupported() || request.getQueryString() != null || !request.getContextPath().isEmpty()
                || request.getHeader(HttpHeaders.ORIGIN) != null
                || request.getHeader(DeviceSignature.COMMAND_HEADER) != null || request.getHeader(DeviceSignature.CHAIN_HEADER) != null) {
            return null;
        }
        String uri = request.getRequestURI();
        Matcher matcher = UNLOCK.matcher(uri);
        if (!matcher.matches() || !uri.equals(request.getServletPath())) {
            return null; // anything encoded, normalized or mapped differently: Spring's firewall and MVC decide
        }
        return UUID.fromString(matcher.group(1));
    }

    /** @return false when the request falls through (nothing written, nothing sent) */
    private boolean tryUnlock(HttpServletRequest request, HttpServletResponse response, UUID lockId)
            throws IOException, ServletException {
        String authorization = singleHeader(request, HttpHeaders.AUTHORIZATION);
        if (authorization == null || !AccountAuthenticationFilter.isBearer(authorization)
                || !TOKEN.matcher(authorization.substring(7).strip()).matches()) {
            return false; // the cookie (CSRF rule), a second header, another scheme: the chain's answer
        }
        long started;
        RemoteUnlock.Prepared prepared;
        try {
            Optional<AccountPrincipal> me = accounts.bearer(authorization);
            if (me.isEmpty() || !security.allows(request, response, me.get())) {
                return false; // 401 with the reason, or whatever the chain answers
            }
            access.require(me.get().accountId(), lockId, AccountRole.MEMBER); // 404: no such lock (or no role)
            started = System.nanoTime(); // where the handler starts its timer: after the role, before the lock's checks
            prepared = remoteUnlock.prepare(lockId, me.get().email(), DeviceSignature.NONE);
        } catch (RuntimeException refusedOrFailed) {
            return false; // the normal path makes the same checks again and answers (404, 409, 428, 503 ...)
        }
        security.writeHeaders(request, response);
        // http.server.requests names the route as Spring MVC would (its handler mapping sets it on the normal path)
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(observed -> observed.setPathPattern(PATH));
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(ASYNC_TIMEOUT_MILLIS);
        remoteUnlock.send(prepared).whenComplete((reply, error) -> answer(async, started, reply, error));
        return true;
    }

    /** The header's one value; null when absent or repeated. */
    private static String singleHeader(HttpServletRequest request, String name) {
        var values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String value = values.nextElement();
        return values.hasMoreElements() ? null : value;
    }

    /** On the thread that completed the unlock (the link's, or the timer's for a 504): what the handler would answer. */
    private void answer(AsyncContext async, long started, LinkMessages.Reply reply, Throwable error) {
        Throwable cause = error instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : error;
        timer.record(cause == null, started);
        answered.incrementAndGet();
        if (cause == null) {
            write(async, HttpStatus.OK, UNLOCKED);
        } else if (cause instanceof LockRefused refused) {
            write(async, HttpStatus.CONFLICT, refused.body()); // as LockRefused.Answer
        } else if (cause instanceof ResponseStatusException late && late.getReason() != null) {
            log.warn("request answered {}: {}", late.getStatusCode().value(), late.getReason()); // as ApiExceptionHandler
            write(async, HttpStatus.valueOf(late.getStatusCode().value()), new ErrorBody(late.getReason()));
        } else {
            log.error("request failed", cause);
            write(async, HttpStatus.INTERNAL_SERVER_ERROR, new ErrorBody("internal error"));
        }
    }

    /**
     * The answer framed as Spring MVC frames it, so that the bytes are the same: a handler's plain return value
     * (the 200) with its Content-Length; an error's ResponseEntity (409, 504, 500), which MVC flushes after the
     * body, chunked. The stream is then closed, so the answer's last byte leaves from this thread too; the
     * container only tidies up after complete().
     */
    private void write(AsyncContext async, HttpStatus status, Object body) {
        try {
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            byte[] bytes = body == UNLOCKED ? unlockedBody : json.writeValueAsBytes(body);
            response.setStatus(status.value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            var out = response.getOutputStream();
            if (status == HttpStatus.OK) {
                response.setContentLength(bytes.length);
                out.write(bytes);
            } else {
                out.write(bytes);
                out.flush();
            }
            out.close();
        } catch (IOException | IllegalStateException gone) {
            log.debug("the unlock's answer could not be written: {}", gone.toString()); // the client went away
        } finally {
            async.complete();
        }
    }
}
