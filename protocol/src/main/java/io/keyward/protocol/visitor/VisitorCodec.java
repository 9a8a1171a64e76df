package io.keyward.protocol.visitor;

import javax.crypto.Mac;
import java.nio.ByteBuffer;

/**
 * The code space (see docs/visitor-passcodes.md). A code is 12 decimal digits: a keyed permutation
 * (a 10-round balanced Feistel network over 10^6 x 10^6, round function HMAC-SHA256) of a plaintext
 * {@code header * TAGS + tag}. The header packs kind, start hour mod {@link #WINDOW} and variant; the
 * tag is HMAC-SHA256 over kind, the full start hour and variant, reduced mod {@link #TAGS}. Plaintexts
 * past the last header are never produced, so such digits are UNKNOWN.
 */
final class VisitorCodec {

    static final int DIGITS = 12;
    static final long HALF = 1_000_000L;
    static final long SPACE = HALF * HALF;
    static final int ROUNDS = 10;
    /** Start hours are sent mod WINDOW; the lock resolves them into [now - 127, now + 128]. */
    static final int WINDOW = 256;
    static final int BEHIND = WINDOW / 2 - 1;
    static final long TAGS = 100_000L;

    static final int REVOKE_OFFSETS = WINDOW;
    static final int REVOKE_TARGET_VARIANTS = VisitorCode.DURATION_HOURS.length * VisitorCode.PERIODIC_SERIALS;
    static final int REVOKE_VARIANTS = 2 * REVOKE_OFFSETS * REVOKE_TARGET_VARIANTS;

    private static final long ONE_TIME_BASE = 0;
    private static final long PERIODIC_BASE = ONE_TIME_BASE + (long) WINDOW * VisitorCode.ONE_TIME_SERIALS;
    private static final long REVOKE_BASE = PERIODIC_BASE + (long) WINDOW * REVOKE_TARGET_VARIANTS;
    static final long HEADERS = REVOKE_BASE + (long) WINDOW * REVOKE_VARIANTS;

    static {
        if (HEADERS * TAGS > SPACE) {
            throw new AssertionError("the plaintext does not fit in the code space");
        }
    }

    private VisitorCodec() {
    }

    /** What the digits say once the permutation is undone: the start hour is only known mod WINDOW. */
    record Decoded(VisitorKind kind, int startMod, int variant, long tag) {
    }

    static String encode(VisitorSecret secret, CodeId id) {
        long header = base(id.kind()) + (id.startHour() % WINDOW) * variants(id.kind()) + id.variant();
        long plain = header * TAGS + tag(secret.tagMac(), id);
        long code = permute(secret.permutationMac(), plain, true);
        return String.format("%012d", code);
    }

    /** Null when the digits are not 12 digits or do not decode to a header: not a code of ours. */
    static Decoded decode(VisitorSecret secret, String digits) {
        if (digits == null || digits.length() != DIGITS) {
            return null;
        }
        long code = 0;
        for (int i = 0; i < DIGITS; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            code = code * 10 + (c - '0');
        }
        long plain = permute(secret.permutationMac(), code, false);
        long header = plain / TAGS;
        long tag = plain % TAGS;
        if (header >= HEADERS) {
            return null;
        }
        VisitorKind kind = header >= REVOKE_BASE ? VisitorKind.REVOKE
                : header >= PERIODIC_BASE ? VisitorKind.PERIODIC : VisitorKind.ONE_TIME;
        long inKind = header - base(kind);
        int v = variants(kind);
        return new Decoded(kind, (int) (inKind / v), (int) (inKind % v), tag);
    }

    /** The one start hour congruent to startMod in the lock's resolution window around nowHour. */
    static long resolve(long nowHour, int startMod) {
        long low = nowHour - BEHIND;
        return low + Math.floorMod(startMod - low, WINDOW);
    }

    static long tag(Mac tagMac, CodeId id) {
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4);
        b.put((byte) id.kind().ordinal()).putLong(id.startHour()).putInt(id.variant());
        byte[] h = tagMac.doFinal(b.array());
        return Long.remainderUnsigned(ByteBuffer.wrap(h).getLong(), TAGS);
    }

    static long tag(VisitorSecret secret, CodeId id) {
        return tag(secret.tagMac(), id);
    }

    static int packTarget(CodeId target, long revokeHour) {
        long offset = target.startHour() - revokeHour;
        if (target.kind() == VisitorKind.REVOKE) {
            throw new IllegalArgumentException("a revoke code cannot be revoked");
        }
        if (offset < -BEHIND - 1 || offset > BEHIND) {
            throw new IllegalArgumentException("a revoke code can name a code starting at most "
                    + (BEHIND + 1) + " hours before or " + BEHIND + " hours after the revoke hour; revoke it by sync");
        }
        int kind = target.kind() == VisitorKind.ONE_TIME ? 0 : 1;
        return (kind * REVOKE_OFFSETS + (int) (offset + BEHIND + 1)) * REVOKE_TARGET_VARIANTS + target.variant();
    }

    /** The target a revoke code names, or null if the packed reference names no valid code. */
    static CodeId unpackTarget(long revokeHour, int variant) {
        int targetVariant = variant % REVOKE_TARGET_VARIANTS;
        int rest = variant / REVOKE_TARGET_VARIANTS;
        long offset = rest % REVOKE_OFFSETS - BEHIND - 1;
        VisitorKind kind = rest / REVOKE_OFFSETS == 0 ? VisitorKind.ONE_TIME : VisitorKind.PERIODIC;
        long start = revokeHour + offset;
        if (start < 0 || (kind == VisitorKind.ONE_TIME && targetVariant >= VisitorCode.ONE_TIME_SERIALS)) {
            return null;
        }
        return new CodeId(kind, start, targetVariant);
    }

    private static long base(VisitorKind kind) {
        return switch (kind) {
            case ONE_TIME -> ONE_TIME_BASE;
            case PERIODIC -> PERIODIC_BASE;
            case REVOKE -> REVOKE_BASE;
        };
    }

    private static int variants(VisitorKind kind) {
        return switch (kind) {
            case ONE_TIME -> VisitorCode.ONE_TIME_SERIALS;
            case PERIODIC -> REVOKE_TARGET_VARIANTS;
            case REVOKE -> REVOKE_VARIANTS;
        };
    }

    /** Balanced Feistel over Z_HALF x Z_HALF: a permutation of [0, SPACE) keyed by the permutation key. */
    static long permute(Mac mac, long value, boolean forward) {
        long left = value / HALF;
        long right = value % HALF;
        byte[] in = new byte[5];
        if (forward) {
            for (int i = 0; i < ROUNDS; i++) {
                long next = Math.floorMod(left + round(mac, in, i, right), HALF);
                left = right;
                right = next;
            }
        } else {
            for (int i = ROUNDS - 1; i >= 0; i--) {
                long previous = Math.floorMod(right - round(mac, in, i, left), HALF);
                right = left;
                left = previous;
            }
        }
        return left * HALF + right;
    }

    private static long round(Mac mac, byte[] in, int round, long half) {
        in[0] = (byte) round;
        in[1] = (byte) (half >>> 24);
        in[2] = (byte) (half >>> 16);
        in[3] = (byte) (half >>> 8);
        in[4] = (byte) half;
        byte[] h = mac.doFinal(in);
        return Long.remainderUnsigned(ByteBuffer.wrap(h).getLong(), HALF);
    }
}
