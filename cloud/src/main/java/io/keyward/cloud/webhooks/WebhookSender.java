package io.keyward.cloud.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;

/**
 * One HTTP POST of a delivery with the JDK's client: redirects are never followed (a 3xx is a failed
 * attempt: the URL is the owner's choice, and a redirect must not carry the events elsewhere), the
 * connection and the answer have short timeouts, and the answer's body is read and dropped.
 */
final class WebhookSender {

    static final String USER_AGENT = "Keyward-Webhooks/1";

    /** An attempt's outcome: the HTTP status if there was one, else why not. */
    record Result(Integer status, String error, long durationMs) {
        boolean ok() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final HttpClient http;
    private final WebhookSettings settings;

    WebhookSender(WebhookSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    Result post(String url, String id, long timestamp, String signature, String body) {
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            String error = status >= 200 && status < 300 ? null
                    : status >= 300 && status < 400 ? "HTTP " + status + ": redirects are not followed" : "HTTP " + status;
            return new Result(status, error, millisSince(start));
        } catch (HttpTimeoutException e) {
            return new Result(null, "timed out: " + e.getMessage(), millisSince(start));
        } catch (IOException e) {
            return new Result(null, cut(e.toString()), millisSince(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted: the cloud is stopping", millisSince(start));
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String cut(String text) {
        return text.length() <= 300 ? text : text.substring(0, 299) + "…";
    }
}
