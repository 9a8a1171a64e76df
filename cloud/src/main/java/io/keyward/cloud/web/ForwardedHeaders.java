package io.keyward.cloud.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies {@code X-Forwarded-For} and {@code X-Forwarded-Proto} only when the peer is a trusted proxy
 * ({@link TrustedProxies}); from anyone else they are ignored. Everything after this filter - the
 * per-address sign-in limits, the session cookie's Secure flag - sees the address and scheme it
 * decided. (Tomcat's own RemoteIpValve is off: it trusts every private and loopback address.)
 */
final class ForwardedHeaders extends OncePerRequestFilter {

    private final TrustedProxies proxies;

    ForwardedHeaders(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String peer = request.getRemoteAddr();
        if (!proxies.trusts(peer)) {
            chain.doFilter(request, response);
            return;
        }
        String client = proxies.client(peer, entries(request, "X-Forwarded-For"));
        List<String> protos = entries(request, "X-Forwarded-Proto");
        // the proto the proxy next to us saw is the last one it appended
        String proto = protos.isEmpty() ? null : protos.get(protos.size() - 1).toLowerCase();
        chain.doFilter(new Forwarded(request, client, proto), response);
    }

    /** Every value of the header, comma-separated or repeated, in order. */
    private static List<String> entries(HttpServletRequest request, String name) {
        List<String> entries = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders(name))) {
            for (String entry : header.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
        }
        return entries;
    }

    private static final class Forwarded extends HttpServletRequestWrapper {
        private final String client;
        private final boolean https;
        private final String scheme;

        Forwarded(HttpServletRequest request, String client, String proto) {
            super(request);
            this.client = client;
            this.https = "https".equals(proto) || (proto == null && request.isSecure());
            this.scheme = proto == null || !(proto.equals("http") || proto.equals("https")) ? request.getScheme() : proto;
        }

        @Override
        public String getRemoteAddr() {
            return client;
        }

        @Override
        public String getRemoteHost() {
            return client;
        }

        @Override
        public boolean isSecure() {
            return https;
        }

        @Override
        public String getScheme() {
            return scheme;
        }
    }
}
