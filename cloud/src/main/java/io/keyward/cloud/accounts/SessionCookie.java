package io.keyward.cloud.accounts;

import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseCookie;

/**
 * The web app's session cookie. HttpOnly: page scripts never see it. SameSite=Strict: browsers do not
 * send it on requests started by another site. Secure whenever the request came over HTTPS (directly
 * or through a TLS-terminating proxy that says so), but not on plain http://127.0.0.1, or the browser
 * would drop it.
 */
final class SessionCookie {

    static final String NAME = "KW_SESSION";

    private SessionCookie() {
    }

    static ResponseCookie issue(String secret, Duration lifetime, HttpServletRequest request) {
        return base(secret, request).maxAge(lifetime).build();
    }

    static ResponseCookie clear(HttpServletRequest request) {
        return base("", request).maxAge(0).build();
    }

    static Optional<String> read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (NAME.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    private static ResponseCookie.ResponseCookieBuilder base(String value, HttpServletRequest request) {
        return ResponseCookie.from(NAME, value).httpOnly(true).sameSite("Strict").path("/").secure(request.isSecure());
    }
}
