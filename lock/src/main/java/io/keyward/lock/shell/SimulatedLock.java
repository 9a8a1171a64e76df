package io.keyward.lock.shell;

import io.keyward.lock.prompts.Prompt;

import io.keyward.lock.biometrics.SensorBiometrics;
import io.keyward.lock.bluetooth.BluetoothRadio;
import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.LockSide;
import io.keyward.protocol.trust.BluetoothGrants;
import io.keyward.protocol.bluetooth.RadioRequest;
import io.keyward.protocol.bluetooth.RadioResponse;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.bluetooth.RevokedKeys;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.lock.camera.DoorCamera;
import io.keyward.lock.core.Biometrics;
import io.keyward.lock.core.Change;
import io.keyward.lock.core.Entropy;
import io.keyward.lock.core.Input;
import io.keyward.lock.core.LiveViewRule;
import io.keyward.lock.core.LockCore;
import io.keyward.lock.core.LockData;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.core.LockView;
import io.keyward.lock.core.Output;
import io.keyward.lock.hardware.FaceCamera;
import io.keyward.lock.hardware.FingerprintReader;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.hardware.LockClock;
import io.keyward.lock.hardware.Pose;
import io.keyward.lock.panel.PanelEvent;
import io.keyward.lock.panel.PanelPort;
import io.keyward.lock.panel.PanelRefusal;
import io.keyward.lock.panel.PanelState;
import io.keyward.lock.prompts.VoicePrompts;
import io.keyward.lock.sim.ManualClock;
import io.keyward.lock.sim.SimulatedBoltMotor;
import io.keyward.lock.sim.SimulatedFaceCamera;
import io.keyward.lock.sim.SimulatedFingerprintReader;
import io.keyward.lock.sim.SimulatedInputs;
import io.keyward.lock.sim.SimulatedRemotes;
import io.keyward.lock.sim.SimulatedScreen;
import io.keyward.lock.sim.SimulatedSiren;
import io.keyward.lock.sim.SimulatedSpeaker;
import io.keyward.lock.sim.SystemLockClock;
import io.keyward.lock.storage.FileRecordStore;
import io.keyward.lock.storage.RecordStore;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.link.LinkMessages;
import io.keyward.protocol.link.SignedCommand;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One simulated lock: the {@link LockCore} in its shell of simulated hardware and crash-safe
 * storage. It is a single-threaded actor (every entry point is synchronized); timers of a lock on
 * the real clock run on one scheduler thread shared by all locks of the JVM.
 */
public final class SimulatedLock implements PanelPort, AutoCloseable {

    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lock-timers");
        t.setDaemon(true);
        return t;
    });
    private static final Biometrics BIOMETRICS = new SensorBiometrics();
    private static final FingerprintReader READER = new SimulatedFingerprintReader();
    private static final FaceCamera CAMERA = new SimulatedFaceCamera();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LockCore core;
    private final LockStorage storage;
    private final LockClock clock;
    private final SteadyTime time; // the lock's time: the clock's, but never running back
    private final SimulatedSpeaker speaker = new SimulatedSpeaker();
    private final SimulatedBoltMotor motor = new SimulatedBoltMotor();
    private final SimulatedSiren siren = new SimulatedSiren();
    private final SimulatedScreen screen = new SimulatedScreen();
    private final SimulatedInputs inputs = new SimulatedInputs(this::step);
    private final SimulatedRemotes remotes = new SimulatedRemotes(); // G2: accessories outside the lock
    private final List<CommandReply> replies = new ArrayList<>(1);
    private final List<RadioResponse> radioResponses = new ArrayList<>(1);
    private final BluetoothRadio radio = new BluetoothRadio(new RadioHost());
    private volatile String radioUrl;
    private volatile LockIdentity identity; // issue 15, design §9: null for a lock run without one (no cloud)
    private ScheduledFuture<?> timer;
    private volatile LinkListener link = LinkListener.NONE;
    private volatile LinkListener home = LinkListener.NONE; // the home broker's link (docs/home-assistant.md)
    private volatile String homeStatus = io.keyward.protocol.link.LinkMessages.HomeMqtt.OFF;
    private boolean closed;
    private final DoorCamera doorCamera; // the outdoor camera (H7, D8)

    private SimulatedLock(String serial, LockStorage storage, LockData data, LockClock clock, Entropy entropy) {
        this.storage = storage;
        this.clock = clock;
        resumeManualClock(clock, data);
        this.time = new SteadyTime(clock.now(), lastEventAt(data));
        this.core = new LockCore(serial, data, BIOMETRICS, entropy, lockTime());
        this.doorCamera = new DoorCamera(serial);
        step(new Input.Tick());
    }

    /** A manual clock restarts where the stored events left off, so time never runs backwards across a restart. */
    private static void resumeManualClock(LockClock clock, LockData data) {
        List<LockEvent> last = data.eventsAfter(data.nextSeq() - 2);
        if (clock.manual() && !last.isEmpty() && last.get(last.size() - 1).at().isAfter(clock.now())) {
            clock.set(last.get(last.size() - 1).at());
        }
    }

    private static Instant lastEventAt(LockData data) {
        List<LockEvent> last = data.eventsAfter(data.nextSeq() - 2);
        return last.isEmpty() ? null : last.get(last.size() - 1).at();
    }

    /** The lock's time now (the clock's reading through {@link SteadyTime}). */
    private Instant lockTime() {
        return time.at(clock.now());
    }

    /** A lock keeping its storage in dataDir; manualClock: time moves only by {@link #advanceClock}. */
    public static SimulatedLock open(String serial, Path dataDir, boolean manualClock) throws IOException {
        return open(serial, dataDir, manualClock ? new ManualClock() : SystemLockClock.INSTANCE);
    }

    /** A lock keeping its storage in dataDir, on this clock (a test's clock that follows its cloud's, say). */
    public static SimulatedLock open(String serial, Path dataDir, LockClock clock) throws IOException {
        return open(serial, FileRecordStore.open(dataDir), clock, SimulatedLock::secureBytes);
    }

    /** A lock on any store and clock (tests, benchmarks). */
    public static SimulatedLock open(String serial, RecordStore store, LockClock clock, Entropy entropy) throws IOException {
        LockStorage storage = new LockStorage(store);
        return new SimulatedLock(serial, storage, storage.load(), clock, entropy);
    }

    private static byte[] secureBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    // ------------------------------------------------------------------ the actor

    /** Feeds one input to the core and carries out what it asks, storage first. */
    private synchronized void step(Input input) {
        if (closed) {
            throw new PanelRefusal("the lock is shut down");
        }
        Instant now = lockTime();
        List<LockEvent> stored = new ArrayList<>();
        for (Output output : core.handle(input, now)) {
            carryOut(output, now, stored);
        }
        // The step's events leave after its reply (a remote unlock's answer is not queued behind the
        // event of that unlock on the broker and in the cloud); both were stored before either left.
        for (LockEvent event : stored) {
            link.recorded(event);
            home.recorded(event);
            if (LockEvent.DOORBELL.equals(event.kind())) {
                link.doorbell(event); // D8: the doorbell's snapshot
            }
        }
        remotes.sync(core.data().accessories());
        LockView view = core.view();
        if (!view.powered()) {
            radio.dropAll(); // the radio lives in RAM: a power cut ends every Bluetooth connection
        }
        // in pairing mode the screen says so beside the QR (issue 14), not what the last step said
        String text = view.qr() == null ? view.screenText()
                : VoicePrompts.text(view.qr().startsWith("keyward://bind") ? Prompt.SCAN_TO_BIND : Prompt.PAIRING_MODE,
                view.language()); // issue 15: the door's bind QR says what to do with it
        screen.show(view.powered() ? text : "", view.powered() ? view.qr() : null);
        scheduleTimer();
        link.stepped(false);
        home.stepped(false);
    }

    /** Carries out one output; the events a Persist stored go into {@code stored}, for the link to send. */
    private void carryOut(Output output, Instant now, List<LockEvent> stored) {
        if (output instanceof Output.Persist p) {
            storage.persist(p.changes(), core.data());
            if (p.changes().stream().anyMatch(c -> c instanceof Change.FactoryReset || c instanceof Change.CloudLinked)) {
                radio.dropAll(); // sessions ran under the old binding's keys
            }
            p.changes().stream().filter(c -> c instanceof Change.EventRecorded)
                    .forEach(c -> stored.add(((Change.EventRecorded) c).event()));
        } else if (output instanceof Output.Speak s) {
            speaker.say(s.prompt(), VoicePrompts.text(s.prompt(), core.view().language()), s.silent(), now);
        } else if (output instanceof Output.MoveBolt m) {
            motor.drive(m.locked());
        } else if (output instanceof Output.Siren s) {
            siren.sound(s.alarm(), s.seconds(), now);
        } else if (output instanceof Output.Reply r) {
            replies.add(r.reply());
        } else if (output instanceof Output.LinkReply r) {
            link.replied(r.id(), r.reply());
        } else if (output instanceof Output.BluetoothResponse r) {
            radioResponses.add(r.response());
        }
    }

    private void scheduleTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        Instant due = core.nextDeadline();
        if (due != null && !clock.manual()) {
            lockTime();
            long delay = time.clockUntil(due).toMillis() + 5;
            timer = TIMERS.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void tick() {
        if (!closed) {
            step(new Input.Tick());
        }
    }

    private synchronized PanelState act(Input input) {
        step(input);
        return state();
    }

    // ------------------------------------------------------------------ the panel's hardware

    private volatile boolean online;

    @Override
    public synchronized PanelState state() {
        return PanelViews.state(core.view(), screen, speaker.recent(), online,
                new PanelState.Bluetooth(radio.inRange(), radio.connections()), core.data().accessories(),
                new PanelState.Motor(core.view().boltJammed(), motorJammed, doorPressed),
                core.data().homeMqtt() == null ? io.keyward.protocol.link.LinkMessages.HomeMqtt.OFF : homeStatus,
                core.data().hasAdministrator(), core.data().ownerDevices(), lockKey(), lockKeyMac());
    }

    /** Issue 15, design §9: the lock's identity key ({@code DeviceKeyFile}), for its statements and its report. */
    public void identity(java.security.KeyPair pair) {
        this.identity = pair == null ? null : new LockIdentity(pair);
    }

    private String lockKey() {
        LockIdentity id = identity;
        return id == null ? null : id.lockKey();
    }

    private synchronized String lockKeyMac() {
        LockIdentity id = identity;
        return id == null ? null : id.lockKeyMac(serial(), core.data().visitorSecret());
    }

    /** The signed statement (kwsu1) an event carries to the cloud: an UNLOCK OK from outside, with an identity; else null. */
    public String syncStatement(LockEvent event) {
        LockIdentity id = identity;
        return id == null ? null : id.statement(serial(), event);
    }

    /** The cloud link says whether it is connected; the panel shows it as "online". */
    public void online(boolean online) {
        this.online = online;
    }

    @Override
    public synchronized PanelState touch() {
        inputs.touch();
        return state();
    }

    @Override
    public synchronized PanelState keys(List<Key> keys) {
        keys.forEach(inputs::press);
        return state();
    }

    @Override
    public synchronized PanelState holdKey(Key key, double seconds) {
        inputs.hold(key, seconds);
        return state();
    }

    @Override
    public synchronized PanelState holdSet(double seconds, boolean insertBattery) {
        if (insertBattery && core.view().batteryInserted()) {
            throw new PanelRefusal("the battery is in: take it out before holding SET while putting it back");
        }
        inputs.setButtonHeld(seconds, insertBattery);
        return state();
    }

    @Override
    public PanelState finger(String finger, double quality) {
        if (finger == null || finger.isBlank()) {
            throw new PanelRefusal("finger must name a simulated finger");
        }
        return act(new Input.FingerPlaced(READER.press(finger, quality)));
    }

    @Override
    public PanelState face(String face, Pose pose, boolean obstructed) {
        return act(new Input.FaceSeen(CAMERA.look(face, pose == null ? Pose.FRONT : pose, obstructed)));
    }

    @Override
    public synchronized PanelState mechanicalKey(String key) {
        inputs.keyTurned("original".equals(key));
        return state();
    }

    @Override
    public synchronized PanelState handle(HandleAction action) {
        inputs.handleMoved(action == HandleAction.LIFT);
        return state();
    }

    @Override
    public synchronized PanelState door(DoorPosition position) {
        if (position == DoorPosition.OPEN && !core.doorCanOpen()) {
            throw new PanelRefusal("the bolt is thrown: the door cannot open");
        }
        inputs.doorMoved(position == DoorPosition.OPEN);
        return state();
    }

    private boolean motorJammed; // the simulated causes of a jam, as the panel last set them
    private boolean doorPressed;

    /** Issue 12: the motor's simulated fault; the next drive stalls, is retried once, then the bolt is jammed. */
    @Override
    public synchronized PanelState motorJam(boolean jammed) {
        motorJammed = jammed;
        inputs.motorJammed(jammed);
        return state();
    }

    /** Issue 12: a door pressed against the thrown bolt binds it, so unlocking stalls while it lasts. */
    @Override
    public synchronized PanelState doorPress(boolean pressed) {
        doorPressed = pressed;
        inputs.doorPressed(pressed);
        return state();
    }

    /** G2: the button of a paired remote controller; its message reaches the lock over Bluetooth. */
    @Override
    public synchronized PanelState remoteController(String remote) {
        remoteTransmits(remote);
        return state();
    }

    /** The press, answering also the frame the remote transmitted over the air (base64url). */
    @Override
    public synchronized io.keyward.lock.panel.RemotePressed remoteControllerPressed(String remote) {
        Input.RemoteButton press = remoteTransmits(remote);
        return new io.keyward.lock.panel.RemotePressed(state(), io.keyward.lock.core.RemoteFrame.encode(press));
    }

    /** Bytes heard over the air as a remote's frame: read strictly first, so a malformed one changes nothing. */
    @Override
    public synchronized PanelState remoteControllerFrame(String frame) {
        Input.RemoteButton press;
        try {
            press = io.keyward.lock.core.RemoteFrame.decode(frame);
        } catch (io.keyward.lock.core.RemoteFrame.Malformed e) {
            throw new PanelRefusal(e.getMessage());
        }
        remoteMessageHeard(press);
        return state();
    }

    /** The remote's button pressed; returns what it transmitted (a test may record it and play it again). */
    public synchronized Input.RemoteButton remoteTransmits(String remote) {
        if (remote == null || !remotes.holds(remote)) {
            throw new PanelRefusal("no paired remote controller \"" + remote + "\"");
        }
        Input.RemoteButton press = remotes.press(remote);
        step(press);
        return press;
    }

    /** Any remote-controller message heard over the air, such as a recorded press played again. */
    public synchronized void remoteMessageHeard(Input.RemoteButton message) {
        step(message);
    }

    @Override
    public synchronized PanelState battery(Integer percent, Boolean inserted) {
        if (percent != null && (percent < 0 || percent > 100)) {
            throw new PanelRefusal("percent must be 0 to 100");
        }
        if (inserted != null) {
            inputs.batteryInserted(inserted);
        }
        if (percent != null) {
            inputs.batteryLevel(percent);
        }
        return state();
    }

    @Override
    public synchronized PanelState usbPower(boolean connected) {
        inputs.usbPower(connected);
        return state();
    }

    @Override
    public synchronized PanelState tamper() {
        inputs.tripped();
        return state();
    }

    /** Moves a manual clock on, firing every timer at its own instant on the way. */
    @Override
    public synchronized PanelState advanceClock(long seconds) {
        if (!clock.manual()) {
            throw new PanelRefusal("the lock runs on the real clock (start it with --manual-clock)");
        }
        if (seconds <= 0) {
            throw new PanelRefusal("seconds must be positive");
        }
        Duration left = Duration.ofSeconds(seconds);
        for (Instant due = core.nextDeadline(); due != null; due = core.nextDeadline()) {
            lockTime();
            Duration untilDue = time.clockUntil(due); // in the clock's seconds: the lock's time may run slow
            if (untilDue.compareTo(left) > 0) {
                break;
            }
            clock.set(clock.now().plus(untilDue));
            left = left.minus(untilDue);
            step(new Input.Tick());
        }
        clock.set(clock.now().plus(left));
        return act(new Input.Tick());
    }

    @Override
    public synchronized List<PanelEvent> eventsAfter(long seq) {
        return core.data().eventsAfter(seq).stream().map(PanelViews::event).toList();
    }

    @Override
    public synchronized CommandReply command(LockCommand command) {
        replies.clear();
        step(new Input.Command(command));
        return replies.isEmpty() ? CommandReply.refused("NO_REPLY", "the lock did not answer") : replies.get(0);
    }

    @Override
    public void malformedCommand(String reason) {
        step(new Input.MalformedCommand(reason));
    }

    // ------------------------------------------------------------------ the Bluetooth radio (C5, E3)

    @Override
    public BluetoothRadio radio() {
        return radio;
    }

    /** Where the radio answers (the panel's base URL), reported to the cloud so the app can reach it. */
    public void radioUrl(String baseUrl) {
        this.radioUrl = baseUrl;
    }

    /** The lock's side of its radio: the crypto runs in the radio, what the lock does runs in the core. */
    private final class RadioHost implements BluetoothRadio.Host {
        private String cloudKeyText;
        private java.security.PublicKey cloudKey;

        @Override
        public Instant now() {
            return lockTime(); // key validity on the lock's time: an expired key stays expired after a jump back
        }

        @Override
        public boolean powered() {
            synchronized (SimulatedLock.this) {
                return !closed && core.view().powered();
            }
        }

        @Override
        public String serial() {
            return core.serial();
        }

        /**
         * Issue 15: the lock's side of a connection, with what it needs copied under the lock's
         * monitor (the handshake's crypto runs outside it): the cloud key, the revoked set, trust
         * mode and the owner devices' keys.
         */
        @Override
        public LockSide newLockSide() {
            synchronized (SimulatedLock.this) {
                java.security.PublicKey cloud = cloudKey();
                if (cloud == null) {
                    return null;
                }
                LockData data = core.data();
                java.util.Map<String, java.security.interfaces.ECPublicKey> owners = new java.util.HashMap<>();
                for (io.keyward.lock.core.OwnerDevice d : data.ownerDevices()) {
                    java.security.interfaces.ECPublicKey key = data.ownerDeviceKey(d.deviceId());
                    if (key != null) {
                        owners.put(d.deviceId(), key);
                    }
                }
                return BluetoothGrants.lockSide(core.serial(), cloud, data.revokedBluetoothKeys(), data.trustMode(),
                        owners::get).boundAt(data.cloud().boundAt());
            }
        }

        private java.security.PublicKey cloudKey() {
            synchronized (SimulatedLock.this) {
                LockData.CloudLink cloud = core.data().cloud();
                if (cloud == null) {
                    return null;
                }
                if (!cloud.cloudPublicKey().equals(cloudKeyText)) {
                    try {
                        cloudKey = CommandSigning.publicKey(cloud.cloudPublicKey());
                    } catch (IllegalArgumentException e) {
                        cloudKey = null;
                    }
                    cloudKeyText = cloud.cloudPublicKey();
                }
                return cloudKey;
            }
        }

        @Override
        public RevokedKeys revokedKeys() {
            synchronized (SimulatedLock.this) {
                return core.data().revokedBluetoothKeys();
            }
        }

        @Override
        public void refused(Refusal reason, BluetoothKey key, boolean grant, String detail) {
            step(new Input.BluetoothRefused(grant ? reason.code() : reason.name(), key == null ? null : key.keyId(),
                    key == null ? null : key.account(), detail, grant));
        }

        @Override
        public RadioResponse request(BluetoothKey key, String chain, RadioRequest request) {
            synchronized (SimulatedLock.this) {
                radioResponses.clear();
                step(new Input.BluetoothRequest(key, chain, request));
                RadioResponse response = radioResponses.isEmpty()
                        ? RadioResponse.refused("NO_REPLY", "the lock did not answer") : radioResponses.get(0);
                if (request instanceof RadioRequest.State && response.ok()) {
                    response = RadioResponse.state(reportedState());
                }
                return response;
            }
        }

        @Override
        public void malformedRequest(BluetoothKey key, String reason) {
            step(new Input.MalformedCommand("Bluetooth key " + key.keyId() + ": " + reason));
        }
    }

    // ------------------------------------------------------------------ the cloud link's side

    /** What the cloud link hears from the lock: each stored event, and each answer to a signed command. */
    public interface LinkListener {
        LinkListener NONE = new LinkListener() {
            @Override
            public void recorded(LockEvent event) {
            }

            @Override
            public void replied(String commandId, CommandReply reply) {
            }
        };

        /** Called under the lock's monitor after every step (always: after a reconnection), to report its state. */
        default void stepped(boolean always) {
        }

        void recorded(LockEvent event);

        void replied(String commandId, CommandReply reply);

        /** D8: the doorbell rang (the event is stored): the link may send the camera's snapshot. */
        default void doorbell(LockEvent event) {
        }
    }

    public void listen(LinkListener listener) {
        link = listener == null ? LinkListener.NONE : listener;
    }

    // ------------------------------------------------------------------ the home broker's link (docs/home-assistant.md)

    /** The home link hears every stored event and every step, as the cloud link does, independently of it. */
    public void listenHome(LinkListener listener) {
        home = listener == null ? LinkListener.NONE : listener;
    }

    /** The home link's status (LinkMessages.HomeMqtt's words); a change is reported to the cloud at once. */
    public void homeStatus(String status) {
        if (!status.equals(homeStatus)) {
            homeStatus = status;
            reportState(false);
        }
    }

    /** Home MQTT as stored (with its password: only for the home link), or null while it is off. */
    public synchronized io.keyward.lock.core.HomeMqtt homeMqtt() {
        return core.data().homeMqtt();
    }

    /**
     * Whether the lock may be on its home network now: powered and Wi-Fi on (NetworkRule without the
     * cloud binding, which the home broker does not need).
     */
    public synchronized boolean networkAllowed() {
        return core.view().powered() && core.data().flag(io.keyward.protocol.command.Setting.WIFI);
    }

    /** A LOCK or UNLOCK heard on the home broker (SPEC C12); the core decides, the events tell. */
    public void homeCommand(boolean unlock, String detail) {
        step(new Input.HomeCommand(unlock, detail));
    }

    /** A command from the cloud; the answer goes to the link listener. */
    public void signedCommand(SignedCommand command) {
        step(new Input.SignedCommand(command));
    }

    /** The pairing handshake with the cloud finished (only heeded while the lock is in pairing mode). */
    public void pairingCompleted(String cloudPublicKey, String brokerUri, String brokerPassword) {
        step(new Input.PairingCompleted(cloudPublicKey, brokerUri, brokerPassword));
    }

    /** The same, with the visitor passcode secret the cloud made for this lock (E1, E2; null: none sent). */
    public void pairingCompleted(String cloudPublicKey, String brokerUri, String brokerPassword, String visitorSecret) {
        step(new Input.PairingCompleted(cloudPublicKey, brokerUri, brokerPassword, visitorSecret));
    }

    /** The same, with when the cloud bound the lock (D7: Bluetooth keys it signed before open nothing; null: not said). */
    public void pairingCompleted(io.keyward.protocol.pairing.PairingProof.Grant grant) {
        step(new Input.PairingCompleted(grant.cloudPublicKey(), grant.brokerUri(), grant.brokerPassword(),
                grant.visitorSecret(), grant.boundAt() == null ? null : java.time.Instant.ofEpochMilli(grant.boundAt())));
    }

    public void eventAcknowledged(long seq) {
        step(new Input.EventAcknowledged(seq));
    }

    /** The cloud stored every event from..seq (one ack for a run it stored in one batch; H5). */
    public void eventAcknowledged(long from, long seq) {
        step(new Input.EventAcknowledged(from, seq));
    }

    /** What the lock reports to the cloud: settings, users and their credentials by id, the visible state. */
    public synchronized LinkMessages.LockState reportedState() {
        return ReportedState.of(core.view(), core.data(), radioUrl, homeStatus, lockKey(), lockKeyMac());
    }

    /** Lets the link report the lock's state now, in order with the lock's own steps. */
    public synchronized void reportState(boolean always) {
        link.stepped(always);
    }

    public synchronized List<LockEvent> unacknowledgedEvents() {
        return core.data().unacknowledgedEvents();
    }

    /** Null while the lock may be on the network, else why not ({@link io.keyward.lock.core.NetworkRule}). */
    public synchronized String networkOffline() {
        return io.keyward.lock.core.NetworkRule.offline(core.view().powered(), core.data());
    }

    public synchronized LockData.CloudLink cloud() {
        return core.data().cloud();
    }

    public synchronized boolean hasAdministrator() {
        return core.data().hasAdministrator();
    }

    public synchronized String pairingSecret() {
        return core.pairingSecret();
    }

    public String serial() {
        return core.serial();
    }

    // ------------------------------------------------------------------ the camera (H7, D8)

    public DoorCamera camera() {
        return doorCamera;
    }

    /** The lock's clock: what the camera stamps on its frames. */
    public Instant now() {
        return lockTime();
    }

    /** H7, D3: null while the live view may stream, else why not (the core's rule on the lock's state now). */
    public synchronized LiveViewRule.Refusal liveViewRefusal() {
        return LiveViewRule.refusal(core.view());
    }

    /** The camera's picture now (the panel's GET /camera/snapshot.jpg). */
    @Override
    public byte[] cameraSnapshot() {
        return doorCamera.frame(lockTime());
    }

    // ------------------------------------------------------------------ for tests and links

    public synchronized LockView view() {
        return core.view();
    }

    public synchronized List<LockEvent> events(long after) {
        return core.data().eventsAfter(after);
    }

    public synchronized String canonicalData() {
        return LockStorage.canonical(core.data());
    }

    public synchronized boolean boltLocked() {
        return motor.locked();
    }

    public synchronized boolean sirenSounding() {
        return siren.sounding(lockTime());
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (timer != null) {
            timer.cancel(false);
        }
        storage.close();
    }
}
