package io.keyward.protocol.visitor;

/**
 * Names one visitor code of a lock: its kind, its start hour (hours since {@link VisitorCode#EPOCH}) and
 * its variant (one-time: the serial 0..15; periodic: duration class * 2 + serial; revoke: the packed
 * target reference). The code's digits follow from the id and the lock's secret, so the id is what the
 * cloud keeps, what a revoke code names and what the lock's {@link SeenCodes} table is keyed by.
 */
public record CodeId(VisitorKind kind, long startHour, int variant) {

    public CodeId {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (startHour < 0 || startHour > VisitorCode.MAX_HOUR) {
            throw new IllegalArgumentException("start hour out of range: " + startHour);
        }
        int max = switch (kind) {
            case ONE_TIME -> VisitorCode.ONE_TIME_SERIALS;
            case PERIODIC -> VisitorCode.DURATION_HOURS.length * VisitorCode.PERIODIC_SERIALS;
            case REVOKE -> VisitorCodec.REVOKE_VARIANTS;
        };
        if (variant < 0 || variant >= max) {
            throw new IllegalArgumentException("variant out of range for " + kind + ": " + variant);
        }
    }

    /** The first hour this code is good for. */
    public long fromHour() {
        return startHour;
    }

    /** The first hour this code is no longer good for. */
    public long untilHour() {
        return switch (kind) {
            case ONE_TIME -> startHour + VisitorCode.ONE_TIME_HOURS;
            case PERIODIC -> startHour + VisitorCode.DURATION_HOURS[variant / VisitorCode.PERIODIC_SERIALS];
            case REVOKE -> startHour + VisitorCode.REVOKE_HOURS;
        };
    }

    /** The code a revoke code names; only for kind REVOKE. */
    public CodeId target() {
        if (kind != VisitorKind.REVOKE) {
            throw new IllegalStateException("only a revoke code has a target");
        }
        return VisitorCodec.unpackTarget(startHour, variant);
    }
}
