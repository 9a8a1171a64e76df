package io.keyward.cloud.management;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A request the cloud refuses because of the lock's trust mode or a device's signature (issue 15,
 * docs/trust.md), before anything is sent: 4xx with {@code {error, reason}}, plain words and a stable
 * code the app can act on (sign on an owner device, make the code in the app ...). Nothing was changed.
 */
public final class TrustRefused extends RuntimeException {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "TrustRefused", description = "A request refused for the lock's trust mode or a device signature (issue 15)")
    public record Body(@Schema(description = "the refusal in plain words", requiredMode = Schema.RequiredMode.REQUIRED) String error,
                       @Schema(description = "a stable code, such as DEVICE_SIGNATURE_REQUIRED or DEVICE_COMMAND_MISMATCH",
                               requiredMode = Schema.RequiredMode.REQUIRED) String reason) {
    }

    private final HttpStatus status;
    private final transient Body body;

    public TrustRefused(HttpStatus status, String reason, String words) {
        super(reason + ": " + words);
        this.status = status;
        this.body = new Body(words, reason);
    }

    /** 400: the device-signed command (or its chain) cannot be read; words say why. */
    static TrustRefused badCommand(String why) {
        return new TrustRefused(HttpStatus.BAD_REQUEST, "BAD_DEVICE_COMMAND", "the device-signed command is not valid: " + why);
    }

    /** 400: the device signed something else than what this request asks. */
    static TrustRefused mismatch(String why) {
        return new TrustRefused(HttpStatus.BAD_REQUEST, "DEVICE_COMMAND_MISMATCH",
                "the device-signed command is not the one this request asks for: " + why);
    }

    /** 428: the lock is in trust mode and obeys this command only when one of its owner's devices signed it. */
    static TrustRefused signatureRequired() {
        return new TrustRefused(HttpStatus.PRECONDITION_REQUIRED, "DEVICE_SIGNATURE_REQUIRED",
                "this lock only obeys this command when it is signed on an owner device (a phone the lock bound at its door, "
                        + "or one granted by it); sign it on such a device and send it again");
    }

    public HttpStatus status() {
        return status;
    }

    public Body body() {
        return body;
    }

    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class Answer {
        @ExceptionHandler(TrustRefused.class)
        ResponseEntity<Body> refused(TrustRefused e) {
            return ResponseEntity.status(e.status).body(e.body);
        }
    }
}
