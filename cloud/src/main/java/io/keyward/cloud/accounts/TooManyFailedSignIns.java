package io.keyward.cloud.accounts;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** 429 with Retry-After in whole seconds, rounded up so a client that waits exactly that long gets in. */
class TooManyFailedSignIns extends ResponseStatusException {

    private final long retryAfterSeconds;

    TooManyFailedSignIns(SignInThrottle.Refusal refusal) {
        super(HttpStatus.TOO_MANY_REQUESTS, refusal.reason());
        long millis = refusal.retryAfter().toMillis();
        this.retryAfterSeconds = Math.max(1, (millis + 999) / 1000);
    }

    @Override
    public HttpHeaders getHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return headers;
    }
}
