package io.keyward.lock.core;

/**
 * SPEC H7, D3: whether the camera may stream the live view now. A pure decision on the lock's view,
 * so the core stays deterministic; the shell (io.keyward.lock.camera, the cloud link) does the
 * streaming and asks again before each frame.
 */
public final class LiveViewRule {

    /** D3: live video is unavailable below 20 % battery. */
    public static final int MIN_BATTERY_PERCENT = PowerAndBolt.LOW_BATTERY_PERCENT;

    /** Why live view is refused: a reason code and words for the app. */
    public record Refusal(String reason, String message) {
    }

    private LiveViewRule() {
    }

    /** null when the live view may run; otherwise why not. */
    public static Refusal refusal(LockView view) {
        if (!view.powered()) {
            return new Refusal("NO_POWER", "the lock has no power");
        }
        if (view.batteryPercent() < MIN_BATTERY_PERCENT) {
            return new Refusal("LOW_BATTERY", "live view is unavailable below " + MIN_BATTERY_PERCENT
                    + " % battery (the lock is at " + view.batteryPercent() + " %)");
        }
        return null;
    }
}
