package io.keyward.lock.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A reference model of the lock's rules, written from SPEC.md and docs/lock.md, not from the core:
 * plain fields and one method per thing a person or the app does. It keeps passcodes in the clear
 * and knows fingers and faces by name; it predicts the events each step logs and the state after it.
 * Rules: users and credentials (B1-B8), unlocking (C3, C4, C6, C8, C9, C10, C11), lockout (D1),
 * privacy and leaving-home modes (D4, D5), visitor codes (E1, E2, E4), keypad sleep (A6).
 */
final class LockModel {

    static final Duration KEYPAD_AWAKE = Duration.ofSeconds(20);     // A6
    static final Duration BIOMETRIC_SILENCE = Duration.ofSeconds(30); // B3
    static final Duration TRY_WINDOW = Duration.ofMinutes(5);        // D1
    static final Duration LOCKOUT = Duration.ofMinutes(3);           // D1
    static final long COMMAND_LIFETIME = 10;                         // C6: seconds the cloud signs for

    enum Kind { FACE, FINGERPRINT, PASSCODE }

    record User(int id, boolean admin, Instant from, Instant until) {
        boolean validAt(Instant t) {
            return (from == null || !t.isBefore(from)) && (until == null || t.isBefore(until));
        }
    }

    record Cred(String id, int user, Kind kind, boolean duress, String secret) {
    }

    /** A guided enrolment in progress (B3-B5). */
    static final class Enrolling {
        final int user;
        final Kind kind;
        final boolean duress;
        String firstPasscode;
        String finger;
        int presses;
        String face;
        int looks;
        Instant deadline;

        Enrolling(int user, Kind kind, boolean duress) {
            this.user = user;
            this.kind = kind;
            this.duress = duress;
        }
    }

    // what the lock keeps
    final Map<Integer, User> users = new LinkedHashMap<>();
    final List<Cred> creds = new ArrayList<>();
    private int lastUser;
    private final Map<Kind, Integer> lastCred = new LinkedHashMap<>();
    boolean privacy;
    boolean leavingHome;
    boolean remoteUnlock;
    boolean trialAndError = true;
    boolean withSensor = true;
    int relockSeconds = 10;
    final Set<String> usedOneTime = new HashSet<>();

    // what lives in RAM
    Instant now;
    boolean boltLocked = true;
    boolean fromInside;
    boolean doorOpen;
    Instant relockAt;
    boolean relockOnClose;
    boolean awake;
    Instant sleepAt;
    Enrolling enrolling;
    final List<Instant> failures = new ArrayList<>();
    Instant lockoutUntil;
    int battery = 100;
    boolean batteryIn = true;
    boolean usb;
    boolean lowAlerted;
    Instant remoteIssued;
    boolean remoteNonceUsed;
    /** The reasons a copy of the last signed remote unlock was already logged for. */
    final Set<String> remoteCopiesLogged = new HashSet<>();

    // the step being predicted
    final List<Seen.Event> events = new ArrayList<>();
    boolean panelRefused;
    String reply;

    /** The lock as DoorLock.paired leaves it: administrator 1 with passcode-1, keypad asleep. */
    LockModel(Instant now, String adminPasscode) {
        this.now = now;
        users.put(1, new User(1, true, null, null));
        lastUser = 1;
        creds.add(new Cred("passcode-1", 1, Kind.PASSCODE, false, adminPasscode));
        lastCred.put(Kind.PASSCODE, 1);
    }

    void beginStep() {
        events.clear();
        panelRefused = false;
        reply = null;
    }

    boolean powered() {
        return (batteryIn && battery > 0) || usb;
    }

    boolean lockedOut() {
        return lockoutUntil != null && now.isBefore(lockoutUntil);
    }

    private void log(String kind, String method, String result, String reason, String alarm, Integer user, String cred) {
        events.add(new Seen.Event(kind, method, result, reason, alarm, user, cred));
    }

    private void alarm(String alarm) {
        log("ALARM", null, null, null, alarm, null, null);
    }

    // ------------------------------------------------------------------ time (A6, B3, C8, D1)

    void advance(long seconds) {
        Instant target = now.plusSeconds(seconds);
        for (Instant due = nextDue(); due != null && !due.isAfter(target); due = nextDue()) {
            now = due.isAfter(now) ? due : now;
            fireTimers();
        }
        now = target;
        fireTimers();
    }

    private Instant nextDue() {
        Instant next = null;
        for (Instant t : new Instant[] {awake ? sleepAt : null, enrolling == null ? null : enrolling.deadline,
                relockAt, lockoutUntil}) {
            if (t != null && (next == null || t.isBefore(next))) {
                next = t;
            }
        }
        return next;
    }

    private void fireTimers() {
        if (awake && !now.isBefore(sleepAt)) {
            sleep();
        }
        if (enrolling != null && enrolling.deadline != null && !now.isBefore(enrolling.deadline)) {
            enrolmentFailed("TIMEOUT");
        }
        if (relockAt != null && !now.isBefore(relockAt)) {
            relockAt = null;
            if (doorOpen && withSensor) {
                relockOnClose = true;
            } else {
                throwBolt(null);
            }
        }
        if (lockoutUntil != null && !now.isBefore(lockoutUntil)) {
            lockoutUntil = null;
        }
    }

    private void sleep() {
        if (enrolling != null && enrolling.kind == Kind.PASSCODE) {
            enrolmentFailed("TIMEOUT");
        }
        awake = false;
    }

    private void wake() {
        awake = true;
        sleepAt = now.plus(KEYPAD_AWAKE);
    }

    // ------------------------------------------------------------------ the bolt (C4, C8, C11)

    private void openBolt(String method, Integer user, String cred) {
        if (powered()) {
            log("UNLOCK", method, "OK", null, null, user, cred);
            relockAt = now.plusSeconds(relockSeconds);
            relockOnClose = false;
        }
        boltLocked = false;
        fromInside = false;
    }

    private void throwBolt(String method) {
        relockAt = null;
        relockOnClose = false;
        boltLocked = true;
        if (powered()) {
            log("LOCK", method, "OK", null, null, null, null);
        }
    }

    void mechanicalKey() {
        openBolt("MECHANICAL_KEY", null, null); // C4: always, power or not
    }

    void handleLift() {
        throwBolt("INSIDE_HANDLE");
        fromInside = true;
    }

    void handlePush() {
        openBolt("INSIDE_HANDLE", null, null);
        if (powered() && leavingHome) {
            alarm("LEAVING_HOME_INSIDE_OPENING"); // D5
        }
    }

    void door(boolean open) {
        if (open && boltLocked && !doorOpen) {
            panelRefused = true; // a thrown bolt holds the door
            return;
        }
        doorOpen = open;
        if (open && !boltLocked && relockAt != null && withSensor) {
            relockAt = null;
            relockOnClose = true;
        } else if (!open && relockOnClose && !boltLocked) {
            throwBolt(null);
        }
    }

    // ------------------------------------------------------------------ power (C10, D3)

    void batteryLevel(int percent) {
        boolean was = powered();
        battery = percent;
        if (percent >= 20) {
            lowAlerted = false;
        } else if (batteryIn && powered() && !lowAlerted) {
            lowAlerted = true;
            alarm("LOW_BATTERY");
        }
        powerChanged(was);
    }

    void batteryInserted(boolean in) {
        boolean was = powered();
        batteryIn = in;
        powerChanged(was);
    }

    void usb(boolean on) {
        boolean was = powered();
        usb = on;
        powerChanged(was);
    }

    private void powerChanged(boolean was) {
        if (was && !powered()) {
            enrolling = null; // RAM is gone: nothing logged
            awake = false;
            relockAt = null;
        }
    }

    void tamper() {
        if (powered()) {
            alarm("TAMPER");
        }
    }

    // ------------------------------------------------------------------ the keypad (A6, C3, D5, D8, E1, E2)

    void touch() {
        if (powered()) {
            wake();
        }
    }

    void type(String digits, Map<String, VisitorSpec> visitorCodes) {
        if (!powered()) {
            return;
        }
        wake();
        String typed = digits.length() > 20 ? digits.substring(0, 20) : digits;
        if (enrolling != null && enrolling.kind == Kind.PASSCODE) {
            passcodeEntered(typed);
        } else if (enrolling == null && !typed.isEmpty()) {
            Cred found = findPasscode(typed);
            if (found == null && typed.length() == 12) {
                visitor(visitorCodes.get(typed));
            } else {
                attempt("PASSCODE", found);
            }
        }
    }

    /** C3: the passcode appearing as a run of what was typed; longest run first, then leftmost. */
    private Cred findPasscode(String typed) {
        if (typed.length() < 6) {
            return null;
        }
        for (int len = 10; len >= 6; len--) {
            for (int start = 0; start + len <= typed.length(); start++) {
                String run = typed.substring(start, start + len);
                for (Cred c : creds) {
                    if (c.kind == Kind.PASSCODE && c.secret.equals(run)) {
                        return c;
                    }
                }
            }
        }
        return null;
    }

    private void visitor(VisitorSpec code) {
        if (lockedOut()) {
            attempt("PASSCODE", null);
            return;
        }
        if (code == null) {
            refuse("PASSCODE", null, "WRONG_CREDENTIAL");
            failure();
            return;
        }
        long hour = hourOf(now);
        String refusal = hour < code.fromHour() && !usedOneTime.contains(code.codeId()) ? "VISITOR_NOT_YET"
                : code.oneTime() && usedOneTime.contains(code.codeId()) && hour < code.untilHour() ? "VISITOR_USED"
                : hour >= code.untilHour() ? "VISITOR_EXPIRED"
                : privacy ? "PRIVACY_MODE" : null;
        if (refusal != null) {
            log("UNLOCK", "VISITOR_PASSCODE", "REFUSED", refusal, null, null, null);
            failure(); // E4: every refusal of a visitor code counts (docs/visitor-passcodes.md)
            return;
        }
        if (code.oneTime()) {
            usedOneTime.add(code.codeId());
        }
        openBolt("VISITOR_PASSCODE", null, null);
    }

    static long hourOf(Instant t) {
        return Duration.between(Instant.parse("2026-01-01T00:00:00Z"), t).toHours();
    }

    void key(String key) {
        if (!powered()) {
            return;
        }
        wake();
        switch (key) {
            case "BACK" -> {
                if (enrolling != null) {
                    enrolmentFailed("CANCELLED");
                }
            }
            case "HOME" -> {
                if (enrolling == null) {
                    leavingHome = !leavingHome;
                    log("SETTING_CHANGED", null, "OK", null, null, null, null);
                }
            }
            case "BELL" -> log("DOORBELL", null, null, null, null, null, null);
            default -> throw new IllegalArgumentException(key);
        }
    }

    // ------------------------------------------------------------------ biometrics (C1, C2)

    void finger(String name, boolean poor) {
        if (!powered()) {
            return;
        }
        wake();
        if (enrolling != null && enrolling.kind == Kind.FINGERPRINT) {
            fingerEnrolled(name, poor);
        } else if (!poor && enrolling == null) {
            attempt("FINGERPRINT", credOf(Kind.FINGERPRINT, name));
        }
    }

    void face(String name, int pose) {
        if (!powered()) {
            return;
        }
        if (enrolling != null && enrolling.kind == Kind.FACE) {
            faceEnrolled(name, pose);
        } else if (enrolling == null) {
            wake();
            attempt("FACE", credOf(Kind.FACE, name));
        }
    }

    private Cred credOf(Kind kind, String secret) {
        return creds.stream().filter(c -> c.kind == kind && c.secret.equals(secret)).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ verification (B1, B8, C9, D1, D4)

    private void attempt(String method, Cred cred) {
        if (lockedOut()) {
            refuse(method, null, "LOCKED_OUT");
        } else if (cred == null) {
            refuse(method, null, "WRONG_CREDENTIAL");
            failure();
        } else if (!users.get(cred.user).validAt(now)) {
            refuse(method, cred, "OUTSIDE_VALIDITY");
        } else if (privacy && !users.get(cred.user).admin()) {
            refuse(method, cred, "PRIVACY_MODE");
        } else {
            openBolt(method, cred.user, cred.id);
            if (cred.duress) {
                alarm("DURESS");
            }
        }
    }

    private void refuse(String method, Cred cred, String reason) {
        log("UNLOCK", method, "REFUSED", reason, null, cred == null ? null : cred.user, cred == null ? null : cred.id);
    }

    /** D1: the 5th failure with the 1st at most 5 minutes before it; a success forgets nothing. */
    private void failure() {
        if (!trialAndError) {
            return;
        }
        failures.add(now);
        failures.removeIf(t -> t.isBefore(now.minus(TRY_WINDOW)));
        if (failures.size() >= 5) {
            failures.clear();
            lockoutUntil = now.plus(LOCKOUT);
            alarm("SYSTEM_LOCKED");
        }
    }

    // ------------------------------------------------------------------ enrolment (B3-B5, B7, A2)

    private void passcodeEntered(String digits) {
        wake();
        Enrolling e = enrolling;
        if (e.firstPasscode == null) {
            if (allowedPasscode(digits)) {
                e.firstPasscode = digits;
            }
        } else if (!e.firstPasscode.equals(digits)) {
            e.firstPasscode = null;
        } else {
            complete(digits);
        }
    }

    /** A2 and the overlap rule: 6-10 digits, not all one digit, not a run, not in or around one on the lock. */
    static boolean allowedPasscode(String digits, List<Cred> creds) {
        if (!digits.matches("[0-9]{6,10}")) {
            return false;
        }
        boolean same = true;
        boolean up = true;
        boolean down = true;
        for (int i = 1; i < digits.length(); i++) {
            int step = digits.charAt(i) - digits.charAt(i - 1);
            same &= step == 0;
            up &= step == 1;
            down &= step == -1;
        }
        if (same || up || down) {
            return false;
        }
        return creds.stream().filter(c -> c.kind == Kind.PASSCODE)
                .noneMatch(c -> c.secret.contains(digits) || digits.contains(c.secret));
    }

    private boolean allowedPasscode(String digits) {
        return allowedPasscode(digits, creds);
    }

    private void fingerEnrolled(String name, boolean poor) {
        Enrolling e = enrolling;
        touchEnrolment();
        if (poor) {
            return;
        }
        if (e.presses == 0 && credOf(Kind.FINGERPRINT, name) != null) {
            enrolmentFailed("ALREADY_ENROLLED");
        } else if (e.presses == 0 || name.equals(e.finger)) {
            e.finger = name;
            if (++e.presses == 3) {
                complete(name);
            }
        }
    }

    private void faceEnrolled(String name, int pose) {
        Enrolling e = enrolling;
        touchEnrolment();
        if (pose != e.looks) {
            enrolmentFailed("MOVEMENT");
        } else if (e.looks == 0 && credOf(Kind.FACE, name) != null) {
            enrolmentFailed("ALREADY_ENROLLED");
        } else if (e.looks > 0 && !name.equals(e.face)) {
            enrolmentFailed("MOVEMENT");
        } else {
            e.face = name;
            if (++e.looks == 5) {
                complete(name);
            }
        }
    }

    private void touchEnrolment() {
        wake();
        enrolling.deadline = now.plus(BIOMETRIC_SILENCE);
    }

    private void complete(String secret) {
        Enrolling e = enrolling;
        if (!users.containsKey(e.user)) {
            enrolmentFailed("UNKNOWN_USER");
            return;
        }
        String full = fullReason(e.user, e.kind, e.duress);
        if (full != null) {
            enrolmentFailed(full);
            return;
        }
        int no = lastCred.merge(e.kind, 1, Integer::sum);
        String id = e.kind.name().toLowerCase() + "-" + no;
        creds.add(new Cred(id, e.user, e.kind, e.duress, secret));
        log("CREDENTIAL_ADDED", null, "OK", null, null, e.user, id);
        enrolling = null;
    }

    private void enrolmentFailed(String reason) {
        int user = enrolling.user;
        enrolling = null;
        log("ENROLMENT_FAILED", null, "REFUSED", reason, null, user, null);
    }

    /** B3, B4, B5, B7: why one more credential cannot be added, or null. */
    private String fullReason(int user, Kind kind, boolean duress) {
        if (duress && kind == Kind.FACE) {
            return "DURESS_NOT_ALLOWED";
        }
        int perUser = kind == Kind.FACE ? 3 : kind == Kind.FINGERPRINT ? 6 : 2;
        long ofLock = creds.stream().filter(c -> c.kind == kind).count();
        long ofUser = creds.stream().filter(c -> c.kind == kind && c.user == user).count();
        boolean hasDuress = creds.stream().anyMatch(c -> c.kind == kind && c.user == user && c.duress);
        return ofLock >= 50 ? "LOCK_FULL" : ofUser >= perUser ? "USER_FULL" : duress && hasDuress ? "DURESS_FULL" : null;
    }

    // ------------------------------------------------------------------ the app's commands (B1-B7, D1, H6)

    /** A management command; the reply is OK or the refusal's reason. */
    void command(Command c) {
        String refusal = refusal(c);
        reply = refusal == null ? "OK" : refusal;
    }

    private String refusal(Command c) {
        if (!powered()) {
            return "UNPOWERED"; // answered, not logged
        }
        String refusal = switch (c.type()) {
            case ADD_USER -> addUser(c.flag());
            case DELETE_USER -> deleteUser(c.user());
            case SET_VALIDITY -> setValidity(c.user(), c.from(), c.until());
            case START_ENROLMENT -> startEnrolment(c.user(), c.kind(), c.flag());
            case CANCEL_ENROLMENT -> {
                if (enrolling == null) {
                    yield "NO_ENROLMENT";
                }
                enrolmentFailed("CANCELLED");
                yield null;
            }
            case DELETE_CREDENTIAL -> deleteCredential(c.user(), c.text());
            case SETTING -> setting(c.text(), c.value());
            case LIFT_LOCKOUT -> {
                failures.clear();
                if (lockedOut()) {
                    log("LOCKOUT_LIFTED", null, "OK", null, null, null, null);
                }
                lockoutUntil = null;
                yield null;
            }
        };
        if (refusal != null) {
            log("COMMAND_REFUSED", null, "REFUSED", refusal, null, null, null);
        }
        return refusal;
    }

    private String addUser(boolean admin) {
        if (users.size() >= 100) {
            return "LOCK_FULL";
        }
        int id = ++lastUser;
        users.put(id, new User(id, admin, null, null));
        log("USER_ADDED", null, "OK", null, null, id, null);
        return null;
    }

    private String deleteUser(int id) {
        User u = users.get(id);
        if (u == null) {
            return "UNKNOWN_USER";
        }
        if (u.admin() && users.values().stream().filter(User::admin).count() == 1) {
            return "LAST_ADMINISTRATOR"; // B6
        }
        users.remove(id);
        creds.removeIf(c -> c.user == id);
        log("USER_DELETED", null, "OK", null, null, id, null);
        return null;
    }

    private String setValidity(int id, Instant from, Instant until) {
        User u = users.get(id);
        if (u == null) {
            return "UNKNOWN_USER";
        }
        users.put(id, new User(id, u.admin(), from, until));
        log("VALIDITY_CHANGED", null, "OK", null, null, id, null);
        return null;
    }

    private String startEnrolment(int user, Kind kind, boolean duress) {
        if (!users.containsKey(user)) {
            return "UNKNOWN_USER";
        }
        String full = fullReason(user, kind, duress);
        if (full != null) {
            return full;
        }
        if (enrolling != null) {
            return "BUSY";
        }
        enrolling = new Enrolling(user, kind, duress);
        wake();
        if (kind != Kind.PASSCODE) {
            enrolling.deadline = now.plus(BIOMETRIC_SILENCE);
        }
        return null;
    }

    private String deleteCredential(int user, String id) {
        Cred c = creds.stream().filter(x -> x.id.equals(id)).findFirst().orElse(null);
        if (c == null || c.user != user) {
            return "UNKNOWN_CREDENTIAL";
        }
        creds.remove(c);
        log("CREDENTIAL_DELETED", null, "OK", null, null, user, id);
        return null;
    }

    private String setting(String setting, String value) {
        String before;
        switch (setting) {
            case "PRIVACY_MODE" -> {
                before = String.valueOf(privacy);
                privacy = Boolean.parseBoolean(value);
            }
            case "LEAVING_HOME" -> {
                before = String.valueOf(leavingHome);
                leavingHome = Boolean.parseBoolean(value);
            }
            case "REMOTE_UNLOCK" -> {
                before = String.valueOf(remoteUnlock);
                remoteUnlock = Boolean.parseBoolean(value);
            }
            case "TRIAL_AND_ERROR_LOCK" -> {
                before = String.valueOf(trialAndError);
                trialAndError = Boolean.parseBoolean(value);
            }
            case "BODY_TYPE" -> {
                before = withSensor ? "WITH_SENSOR" : "WITHOUT_SENSOR";
                withSensor = value.equals("WITH_SENSOR");
            }
            case "RELOCK_SECONDS" -> {
                int seconds = Integer.parseInt(value);
                if (seconds < 5 || seconds > 120) {
                    return "BAD_VALUE";
                }
                before = String.valueOf(relockSeconds);
                relockSeconds = seconds;
            }
            default -> throw new IllegalArgumentException(setting);
        }
        if (!before.equals(value)) {
            log("SETTING_CHANGED", null, "OK", null, null, null, null);
        }
        return null;
    }

    // ------------------------------------------------------------------ remote unlock (C6, D1, D4)

    /** A remote unlock the cloud signs now (fresh) or the last one heard again (replay). */
    void remoteUnlock(boolean replay) {
        if (!replay) {
            remoteIssued = now;
            remoteNonceUsed = false;
            remoteCopiesLogged.clear();
        } else if (remoteIssued == null) {
            return; // nothing was heard to replay
        }
        if (!powered()) {
            return; // the link's message is not even read
        }
        if (replay) {
            if (!now.isBefore(remoteIssued.plusSeconds(COMMAND_LIFETIME))) {
                copyRefused("EXPIRED");
                return;
            }
            if (remoteNonceUsed) {
                copyRefused("REPLAYED");
                return;
            }
        } else {
            remoteIssued = now;
        }
        remoteNonceUsed = true;
        if (!remoteUnlock) {
            remoteRefused("REMOTE_UNLOCK_OFF");
        } else if (privacy) {
            remoteRefused("PRIVACY_MODE");
        } else {
            openBolt("REMOTE", null, null); // works during a lockout (D1)
        }
    }

    /** Copies of one signed command are each refused, but logged once per reason (docs/link.md, issue 10 finding 5). */
    private void copyRefused(String reason) {
        if (remoteCopiesLogged.add(reason)) {
            remoteRefused(reason);
        }
    }

    private void remoteRefused(String reason) {
        log("UNLOCK", "REMOTE", "REFUSED", reason, null, null, null);
    }

    Seen seen() {
        return new Seen(boltLocked, fromInside, lockedOut(), privacy, leavingHome, powered(), panelRefused, reply,
                List.copyOf(events));
    }
}
