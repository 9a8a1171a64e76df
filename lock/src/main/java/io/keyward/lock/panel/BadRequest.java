package io.keyward.lock.panel;

/** A request the panel refuses before it reaches the lock: the status (4xx) and why. */
final class BadRequest extends RuntimeException {

    private final int status;
    private final String allow;

    private BadRequest(int status, String reason, String allow) {
        super(reason, null, false, false); // control flow, not a failure: no stack trace
        this.status = status;
        this.allow = allow;
    }

    static BadRequest of(String reason) {
        return new BadRequest(400, reason, null);
    }

    static BadRequest of(int status, String reason) {
        return new BadRequest(status, reason, null);
    }

    static BadRequest notFound(String path) {
        return new BadRequest(404, "no such path: " + path, null);
    }

    static BadRequest wrongMethod(String method, String path, String allowed) {
        return new BadRequest(405, method + " is not allowed on " + path + "; use " + allowed, allowed);
    }

    static BadRequest tooLarge(int limit) {
        return new BadRequest(413, "the body is larger than " + limit + " bytes", null);
    }

    int status() {
        return status;
    }

    /** The method to name in the Allow header of a 405, else null. */
    String allow() {
        return allow;
    }
}
