package org.apical.reward;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.apical.config.RewardOutputSpec;
import org.apical.config.ValveCalibration;
import org.apical.core.LatencyHistogram;

/**
 * A water valve behind a microcontroller running apical_valve (docs/reward.md), on its own thread.
 *
 * <p>{@link #deliver} converts µl to an open time (calibration, clamped by max_valve_open_ms), queues it and wakes
 * the agent; it never touches the port. The agent sends one {@code OPEN <id> <ms> <valve>} at a time and waits for
 * its {@code ACK}. Every request has a fresh, increasing id and the device refuses any id it has already seen, so
 * nothing can open the valve twice for one reward. When an acknowledgement does not come in time the reward's fate
 * is unknown: the agent never resends the OPEN, it asks {@code STATUS} (which names the last id the device took)
 * and counts the reward as delivered, failed or unknown accordingly; each of these is an error the operator sees.
 *
 * <p>At connect the controller is told the rig's bound ({@code LIMIT <max_valve_open_ms>}, protocol 2) and
 * must answer with a bound no looser; a protocol-1 controller cannot be told, and is refused if its own maximum
 * open time is longer than max_valve_open_ms. A controller that restarts mid-session is told again before the next
 * reward goes out.
 *
 * <p>Heartbeats ({@code PING}/{@code PONG}) tell whether the device still answers ({@link #healthy()}); a lost
 * port is reopened every second. {@link #closeValve()} writes {@code CLOSE} from the calling thread at once, without
 * the agent's write lock, so the watchdog and the shutdown hook never wait behind the agent (a line it is writing,
 * a write that blocks) and do not depend on it being well. Every reward still queued when CLOSE is asked for is
 * dropped (counted as failed), never sent after it; an OPEN whose write overlapped the CLOSE is followed by
 * another CLOSE.
 *
 * <p>Protocol 3 adds the light channels and the lick sensor of the same controller: {@link #light(int)} gives a
 * {@link LightOutput} whose pulses go out as {@code LIGHT <id> <ms> <channel>} (fire and forget: the device answers
 * {@code LIT} or {@code DARK}, counted, and holds its own pulse-length and duty-cycle bounds); {@code CLOSE} switches
 * the lights off with the valves. The device reports each lick unprompted ({@code LICK <count> <millis>}); the
 * agent stamps it on arrival into {@link #licks()}, and a jump in the count is a lost report, counted.
 */
public final class SerialValveOutput implements RewardOutput, Agent {
    private static final int PHASE_IDLE = 0;
    private static final int PHASE_AWAIT_ACK = 1;
    private static final int PHASE_AWAIT_STATUS = 2;
    private static final int STATUS_TRIES = 3;
    private static final long RECONNECT_NANOS = 1_000_000_000L;
    private static final long HELLO_REPEAT_NANOS = 250_000_000L;
    /** After an ACK the next OPEN waits until the pulse is over (plus this margin), so pulses never overlap. */
    private static final long PULSE_GAP_NANOS = 2_000_000L;

    private final RewardOutputSpec.Serial spec;
    private final ValveCalibration calibration;
    /** max_valve_open_ms in whole ms: no OPEN asks for more, and the controller is told it. */
    private final int limitMs;
    private final long ackTimeoutNanos;
    private final long heartbeatNanos;
    private final long maxDelayNanos;

    private final RequestQueue queue = new RequestQueue(16);
    private final RequestQueue.Slot slot = new RequestQueue.Slot();
    private final byte[] out = new byte[ValveProtocol.MAX_LINE];
    /** Written once, then only read: concurrent closers share it without a lock. */
    private final byte[] closeLine = new byte[ValveProtocol.MAX_LINE];
    private final int closeLength = ValveProtocol.urgentClose(closeLine);
    private final byte[] in = new byte[512];
    private final byte[] line = new byte[ValveProtocol.MAX_LINE];
    private int lineLength;
    private boolean overlong;
    private final DeviceReply reply = new DeviceReply();
    private final LatencyHistogram toWritten = new LatencyHistogram();
    private final LatencyHistogram toAck = new LatencyHistogram();

    private volatile SerialLink link;
    private AgentRunner runner;
    private volatile boolean closed;

    // Agent-thread state.
    private RewardRequest inFlight;
    private long inFlightId;
    private int inFlightMs;
    private int phase = PHASE_IDLE;
    private long deadline;
    private int statusTries;
    private boolean restartSinceSend;
    private long nextId = 1;
    private long notBefore;
    private long pingSeq;
    private boolean pingOutstanding;
    private int missedInARow;
    private long nextPing;
    private long nextReconnect;
    /** A restarted controller has not yet answered LIMIT: no OPEN, and unhealthy. */
    private volatile boolean limitPending;
    private long limitResend;

    // Written by the agent only (single writer), read by anyone.
    private volatile long sent;
    private volatile long delivered;
    private volatile long failed;
    private volatile long unknown;
    private volatile long unacknowledged;
    private volatile long garbled;
    private volatile long deviceErrors;
    private volatile long missedHeartbeats;
    private volatile long reconnects;
    private volatile long clampedByDevice;
    private volatile long closedReplies;
    private volatile boolean healthy;
    private volatile boolean valveOpen;
    private volatile DeviceInfo device;
    /** Why the controller's bound is not acceptable (it is then unhealthy), or null. */
    private volatile String boundProblem;
    // Written by other threads.
    private final AtomicLong notQueued = new AtomicLong();
    private final AtomicLong clampedByLimit = new AtomicLong();
    private final AtomicLong closesSent = new AtomicLong();
    /** Counts closeValve() calls; a reward queued under an older value is not sent. */
    private final AtomicLong closeGeneration = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile String lastError;

    /**
     * What the controller said about itself in HELLO (its own maximum open time among it), and {@code limitMs},
     * the bound in force on it: its answer to LIMIT, or for protocol 1 its own maximum.
     */
    public record DeviceInfo(int protocol, int valves, int maxOpenMs, long lastId, int limitMs) {}

    /** What a protocol-3 controller said of its light channels ({@code LIGHTS}): its own bounds among it. */
    public record LightInfo(int channels, int maxPulseMs, int maxDutyPercent) {}

    /** The light side's counters: pulses sent, lit (and shortened by the device), refused, not queued; licks. */
    public record LightStats(long sent, long lit, long clampedByDevice, long refusedByDevice, long notQueued,
                             long licks, long lickReportsLost) {}

    private static final int LIGHT_QUEUE = 64;
    private final int[] lightQueue = new int[LIGHT_QUEUE];
    private final long[] lightGeneration = new long[LIGHT_QUEUE];
    private final AtomicLong lightTail = new AtomicLong();
    private final AtomicLong lightHead = new AtomicLong();
    private volatile int lightChannel = -1;
    private long nextLightId = 1;
    private volatile LightInfo lightInfo;
    private volatile long lightSent;
    private volatile long lightLit;
    private volatile long lightClamped;
    private volatile long lightDark;
    private final AtomicLong lightNotQueued = new AtomicLong();
    private volatile String lastLightError;
    private final LickLog licks = new LickLog();
    private long lastLickCount = -1;
    private volatile long lickReportsLost;

    private SerialValveOutput(RewardOutputSpec.Serial spec, ValveCalibration calibration, double maxOpenMs) {
        this.spec = spec;
        this.calibration = calibration;
        this.limitMs = (int) Math.floor(maxOpenMs);
        if (limitMs < 1) throw new IllegalArgumentException("max_valve_open_ms must be at least 1 ms, not " + maxOpenMs);
        this.ackTimeoutNanos = (long) (spec.ackTimeoutMs() * 1e6);
        this.heartbeatNanos = (long) (spec.heartbeatIntervalMs() * 1e6);
        this.maxDelayNanos = (long) (spec.maxDelayMs() * 1e6);
        this.lightDisconnected = "light pulse not sent: " + spec.port() + " is not connected";
    }

    /**
     * Opens the port, waits for the controller's HELLO (up to connect_timeout), starts the agent and registers the
     * shutdown hook. {@code calibration} may be null only for tools that pulse by open time ({@link #pulse}).
     *
     * @throws IOException naming the port and what is wrong (missing, busy, silent, wrong firmware, a bound looser
     *                     than max_valve_open_ms)
     */
    public static SerialValveOutput open(RewardOutputSpec.Serial spec, ValveCalibration calibration,
                                         double maxValveOpenMs) throws IOException {
        SerialValveOutput o = new SerialValveOutput(spec, calibration, maxValveOpenMs);
        String problem = o.connect(System.nanoTime() + (long) (spec.connectTimeoutMs() * 1e6));
        if (problem != null) throw new IOException(problem);
        DeviceInfo d = o.device;
        if (spec.valve() >= d.valves()) {
            o.link.close();
            throw new IOException(spec.port() + ": the controller has " + d.valves() + " valve(s) (0.."
                    + (d.valves() - 1) + "); valve " + spec.valve() + " does not exist");
        }
        ValveShutdownHook.registerSerial(o);
        o.runner = new AgentRunner(o).start();
        return o;
    }

    @Override public String name() { return spec.name(); }

    @Override public String roleName() { return "reward-serial " + spec.port(); }

    public RewardOutputSpec.Serial spec() { return spec; }

    /** µl → open time, clamped to max_valve_open_ms (counted); 0 when the request asks for no water. */
    public int openMsFor(double microlitres) {
        if (calibration == null) throw new IllegalStateException("valve " + spec.valve() + " has no calibration");
        long ms = Math.max(0, Math.round(calibration.openMs(microlitres)));
        if (ms > limitMs) {
            clampedByLimit.incrementAndGet();
            return limitMs;
        }
        return (int) ms;
    }

    @Override public void deliver(RewardRequest request) {
        if (calibration == null) {
            notQueued.incrementAndGet();
            refuse("reward not sent: valve " + spec.valve() + " has no calibration (reward.calibration)");
            return;
        }
        int ms = openMsFor(request.volumeUl());
        if (ms <= 0) return;
        enqueue(request, ms);
    }

    /** Queues one pulse of exactly {@code openMs} (clamped to max_valve_open_ms): reward test and calibration. */
    public void pulse(int openMs, long decidedNanos) {
        int ms = Math.min(openMs, limitMs);
        if (ms < openMs) clampedByLimit.incrementAndGet();
        double ul = calibration == null ? Double.NaN : calibration.microlitres(ms);
        enqueue(new RewardRequest(0, -1, Double.NaN, ul, true, decidedNanos), Math.max(1, ms));
    }

    private void enqueue(RewardRequest request, int ms) {
        if (closed || !queue.offer(request, ms, closeGeneration.get())) {
            notQueued.incrementAndGet();
            refuse("reward not sent: " + (closed ? "output closed" : "queue full (the device is not keeping up)"));
            return;
        }
        AgentRunner r = runner;
        if (r != null) r.wake();
    }

    private void refuse(String why) {
        errors.incrementAndGet();
        lastError = why;
    }

    /**
     * CLOSE from the calling thread, now: it takes no lock the agent holds, so it neither waits for a line the
     * agent is writing nor for an OPEN awaiting its ACK (only a port that cannot take bytes at all holds it, for at
     * most the port's 200 ms write timeout). Rewards queued before this call are dropped, not sent.
     */
    @Override public void closeValve() {
        // The generation first: from here on nothing queued before this call is sent.
        closeGeneration.incrementAndGet();
        SerialLink l = link;
        if (l != null && l.writeUrgent(closeLine, closeLength)) closesSent.incrementAndGet();
        AgentRunner r = runner;
        if (r != null) r.wake(); // drops the rewards queued before the CLOSE now, not when their turn comes
    }

    /**
     * Sends CLOSE and waits up to {@code timeoutMs} for the device's CLOSED (read by the agent). The shutdown hook
     * uses it: the process must not close the port while the CLOSE may still be in the port's output queue.
     */
    public boolean closeValveAndConfirm(long timeoutMs) {
        long before = closedReplies;
        closeValve();
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (closedReplies == before) {
            if (System.nanoTime() - end > 0) return false;
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        return true;
    }

    @Override public long delivered() { return delivered; }

    @Override public String lastError() { return lastError; }

    /** Connected, answering heartbeats, bound by max_valve_open_ms, and the agent is running. */
    @Override public boolean healthy() {
        AgentRunner r = runner;
        return healthy && !limitPending && boundProblem == null && link != null && r != null && r.alive();
    }

    public DeviceInfo device() { return device; }

    /** The open port, or null while disconnected. */
    SerialLink link() { return link; }

    public LatencyHistogram decisionToWritten() { return toWritten; }

    public LatencyHistogram decisionToAck() { return toAck; }

    /** Rewards whose outcome is settled (delivered, failed or unknown), for callers waiting on one pulse. */
    public long settled() { return delivered + failed + unknown + notQueued.get(); }

    public SerialValveStats stats() {
        return new SerialValveStats(sent, delivered, failed + notQueued.get(), unknown, unacknowledged, garbled,
                deviceErrors, missedHeartbeats, reconnects, clampedByDevice, clampedByLimit.get(), closesSent.get(),
                errors.get(), valveOpen, healthy(), lastError);
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        // Confirmed while the agent still reads replies; closing the port at once could drop the queued CLOSE.
        closeValveAndConfirm(300);
        AgentRunner r = runner;
        if (r != null) r.close();
        ValveShutdownHook.unregister(this);
        SerialLink l = link;
        link = null;
        if (l != null) l.close();
    }

    // ------------------------------------------------------------------ light and licks

    /**
     * The light channel {@code channel} of this controller as an output. Its pulses never wait behind a reward's
     * acknowledgement, and CLOSE switches it off with the valve.
     *
     * @throws IOException naming the port when the controller has no such channel (or speaks a protocol before 3)
     */
    public LightOutput light(int channel) throws IOException {
        LightInfo info = lightInfo;
        DeviceInfo d = device;
        if (info == null) {
            throw new IOException(spec.port() + ": the controller speaks apical_valve protocol " + d.protocol()
                    + ", which has no light channels (protocol " + ValveProtocol.LIGHT_VERSION
                    + "); flash rigs/firmware/apical_valve");
        }
        if (channel >= info.channels()) {
            throw new IOException(spec.port() + ": the controller has " + info.channels() + " light channel(s); channel "
                    + channel + " does not exist (LIGHT_PINS in the sketch)");
        }
        lightChannel = channel;
        return new LightOutput() {
            @Override public String name() { return spec.name() + " light " + channel; }
            @Override public boolean pulse(int ms, double timestamp) { return queueLight(ms); }
            @Override public void lightsOff() { closeValve(); }
            @Override public long pulsesDelivered() { return lightLit; }
            @Override public long pulsesRefused() { return lightDark + lightNotQueued.get(); }
            @Override public String lastLightError() { return lastLightError; }
        };
    }

    /** The light channels the controller announced (protocol 3), or null. */
    public LightInfo lightInfo() { return lightInfo; }

    /** The licks the controller reported, stamped on arrival (seconds, this machine's LSL clock). */
    public LickLog licks() { return licks; }

    public LightStats lightStats() {
        return new LightStats(lightSent, lightLit, lightClamped, lightDark, lightNotQueued.get(), licks.count(),
                lickReportsLost);
    }

    /** From the deciding thread: one slot of a single-writer ring, no lock, no allocation. */
    private boolean queueLight(int ms) {
        long t = lightTail.get();
        if (closed || link == null || t - lightHead.get() >= LIGHT_QUEUE) {
            // the messages are made once: a pulse refused at every frame must not allocate on the decision thread
            lightError(closed ? LIGHT_CLOSED : link == null ? lightDisconnected : LIGHT_QUEUE_FULL);
            lightNotQueued.incrementAndGet();
            return false;
        }
        int i = (int) (t % LIGHT_QUEUE);
        lightQueue[i] = ms;
        lightGeneration[i] = closeGeneration.get();
        lightTail.lazySet(t + 1);
        AgentRunner r = runner;
        if (r != null) r.wake();
        return true;
    }

    private int lastLightMs;
    private static final String LIGHT_CLOSED = "light pulse not sent: output closed";
    private static final String LIGHT_QUEUE_FULL = "light pulse not sent: queue full (the device is not keeping up)";
    private final String lightDisconnected;

    /** Sends every queued pulse at once (none waits for an answer); those queued before a CLOSE are dropped. */
    private int sendLights() {
        int n = 0;
        long h;
        while ((h = lightHead.get()) < lightTail.get()) {
            int i = (int) (h % LIGHT_QUEUE);
            int ms = lightQueue[i];
            boolean stale = lightGeneration[i] < closeGeneration.get();
            lightHead.lazySet(h + 1);
            n++;
            if (stale) {
                lightError("light pulse not sent: the lights were switched off (watchdog, end of session or exit)"
                        + " after it was queued");
                lightNotQueued.incrementAndGet();
                continue;
            }
            lastLightMs = ms;
            int len = ValveProtocol.light(out, nextLightId++, ms, lightChannel);
            lightSent++;
            if (!link.write(out, len)) {
                lost("serial port write failed");
                return n;
            }
        }
        return n;
    }

    private void lightError(String why) {
        lastLightError = why;
    }

    // ------------------------------------------------------------------ agent

    @Override public long idleNanos() {
        // Tight polling while a reply is due keeps the measured ack latency honest; otherwise a 1 ms park
        // (cut short by wake() when a reward is queued).
        return phase != PHASE_IDLE || pingOutstanding ? 50_000 : 1_000_000;
    }

    @Override public int doWork() {
        long now = System.nanoTime();
        int dropped = dropClosed();
        if (link == null) return dropped + reconnect(now);
        int work = dropped + readReplies(now);
        if (link == null) return work;
        work += resolvePending(now);
        // Each step may find the port gone (lost() clears link): check before the next one writes.
        if (link != null && limitPending) work += tellLimit(now);
        if (link != null && phase == PHASE_IDLE && !limitPending && now - notBefore >= 0) work += sendNext(now);
        if (link != null) work += sendLights();
        if (link != null) work += heartbeat(now);
        return work;
    }

    /** Fails every reward queued before the latest closeValve(): a reward must not follow the watchdog's CLOSE. */
    private int dropClosed() {
        long generation = closeGeneration.get();
        int n = 0;
        while (queue.pollOlderThan(generation, slot)) {
            failClosed(slot.request);
            slot.request = null;
            n++;
        }
        return n;
    }

    private void failClosed(RewardRequest r) {
        fail("reward for trial " + r.trial() + " not sent: the valve was closed (watchdog, end of session or exit)"
                + " after it was queued");
    }

    private int sendNext(long now) {
        if (!queue.poll(slot)) return 0;
        RewardRequest r = slot.request;
        long generation = slot.generation;
        slot.request = null;
        if (generation < closeGeneration.get()) { // closed since dropClosed() looked
            failClosed(r);
            return 1;
        }
        if (now - r.decidedNanos() > maxDelayNanos) {
            fail("reward for trial " + r.trial() + " not sent: " + (now - r.decidedNanos()) / 1_000_000
                    + " ms after its decision, later than max_delay " + (long) spec.maxDelayMs() + " ms");
            return 1;
        }
        if (!healthy) {
            fail("reward for trial " + r.trial() + " not sent: the device is not answering heartbeats");
            return 1;
        }
        String bound = boundProblem;
        if (bound != null) {
            fail("reward for trial " + r.trial() + " not sent: " + bound);
            return 1;
        }
        long id = nextId++;
        int n = ValveProtocol.open(out, id, slot.openMs, spec.valve());
        inFlight = r;
        inFlightId = id;
        inFlightMs = slot.openMs;
        restartSinceSend = false;
        sent++;
        if (!link.write(out, n)) {
            // Whether the bytes left is unknown: settle it with STATUS after reconnecting, never by resending.
            phase = PHASE_AWAIT_STATUS;
            lost("writing reward id " + id + " failed");
            return 1;
        }
        if (generation < closeGeneration.get() && link.writeUrgent(closeLine, closeLength)) {
            // A CLOSE was written while this OPEN was: it may have reached the device first. Close once more.
            closesSent.incrementAndGet();
        }
        long written = System.nanoTime();
        toWritten.record(written - r.decidedNanos());
        phase = PHASE_AWAIT_ACK;
        deadline = written + ackTimeoutNanos;
        return 1;
    }

    private int resolvePending(long now) {
        if (phase == PHASE_AWAIT_ACK && now - deadline >= 0) {
            error("no acknowledgement for reward id " + inFlightId + " within " + (long) spec.ackTimeoutMs()
                    + " ms; asking the device's status (the command is never resent)");
            unacknowledged++;
            phase = PHASE_AWAIT_STATUS;
            statusTries = 0;
            deadline = now;
        }
        if (phase == PHASE_AWAIT_STATUS && now - deadline >= 0) {
            if (statusTries == STATUS_TRIES) {
                error("reward id " + inFlightId + ": outcome unknown, the device did not answer STATUS");
                unknown++;
                settle();
                return 1;
            }
            statusTries++;
            deadline = now + ackTimeoutNanos;
            int n = ValveProtocol.status(out);
            if (!link.write(out, n)) lost("serial port write failed");
            return 1;
        }
        return 0;
    }

    /** A restarted controller is back at its own maximum: tell it the rig's bound again (idempotent). */
    private int tellLimit(long now) {
        if (now - limitResend < 0) return 0;
        limitResend = now + HELLO_REPEAT_NANOS;
        int n = ValveProtocol.limit(out, limitMs);
        if (!link.write(out, n)) lost("serial port write failed");
        return 1;
    }

    private int heartbeat(long now) {
        if (now - nextPing < 0) return 0;
        if (pingOutstanding) {
            missedHeartbeats++;
            if (++missedInARow >= spec.heartbeatMisses() && healthy) {
                error("the device stopped answering: " + missedInARow + " heartbeats in a row without a PONG");
                healthy = false;
            }
        }
        int n = ValveProtocol.ping(out, ++pingSeq);
        pingOutstanding = true;
        nextPing = now + heartbeatNanos;
        if (!link.write(out, n)) lost("serial port write failed");
        return 1;
    }

    private int readReplies(long now) {
        int n = link.read(in);
        if (n < 0) {
            lost("serial port gone");
            return 1;
        }
        for (int i = 0; i < n; i++) {
            byte b = in[i];
            if (b == '\n') {
                if (overlong) {
                    garbled("line longer than " + ValveProtocol.MAX_LINE + " bytes");
                } else if (reply.parse(line, lineLength)) {
                    handle(now);
                } else if (lineLength > 0) {
                    garbled(reply.problem() + ": '" + printable(line, lineLength) + "'");
                }
                lineLength = 0;
                overlong = false;
            } else if (lineLength < line.length) {
                line[lineLength++] = b;
            } else {
                overlong = true;
            }
        }
        return n;
    }

    private void handle(long now) {
        long[] a = reply.arg;
        switch (reply.kind) {
            case ACK -> {
                if (phase != PHASE_IDLE && a[0] == inFlightId) {
                    if (phase == PHASE_AWAIT_ACK) toAck.record(now - inFlight.decidedNanos());
                    else error("reward id " + inFlightId + ": late acknowledgement, the valve did open");
                    if (a[1] != inFlightMs) {
                        error("the device shortened reward id " + inFlightId + " from " + inFlightMs + " ms to "
                                + a[1] + " ms (its own maximum open time)");
                        clampedByDevice++;
                    }
                    valveOpen = true;
                    delivered++;
                    notBefore = now + a[1] * 1_000_000L + PULSE_GAP_NANOS;
                    settle();
                } else {
                    deviceError("acknowledgement for reward id " + a[0] + " that is not pending");
                }
            }
            case NAK -> {
                if (phase != PHASE_IDLE && a[0] == inFlightId) {
                    fail("the device refused reward id " + a[0] + ": " + reply.reason());
                    settle();
                } else {
                    deviceError("refusal of reward id " + a[0] + " that is not pending: " + reply.reason());
                }
            }
            case DONE -> valveOpen = false;
            case CLOSED -> {
                valveOpen = false;
                closedReplies++;
                if (phase == PHASE_IDLE && notBefore - now > 0) notBefore = now; // the pulse was cut short
            }
            case PONG -> {
                if (a[0] == pingSeq) {
                    pingOutstanding = false;
                    missedInARow = 0;
                    if (!healthy) {
                        healthy = true;
                        lastError = null;
                    }
                }
            }
            case STATUS -> {
                valveOpen = a[2] == 1;
                if (phase == PHASE_AWAIT_STATUS) resolveByStatus(a[0], a[1] == 1);
            }
            case HELLO -> {
                device = new DeviceInfo((int) a[0], (int) a[1], (int) a[2], a[3], (int) a[2]);
                nextId = Math.max(nextId, a[3] + 1);
                restartSinceSend = true;
                valveOpen = false;
                error("the device restarted (it sent HELLO mid-session)");
                if (a[0] >= 2) {
                    limitPending = true; // no OPEN until it holds the rig's bound again
                    limitResend = now;
                } else if (a[2] > limitMs) {
                    boundProblem = cannotBeTold((int) a[0], (int) a[2]);
                    error(boundProblem);
                }
                if (phase == PHASE_AWAIT_ACK) {
                    phase = PHASE_AWAIT_STATUS;
                    statusTries = 0;
                    deadline = now;
                }
            }
            case ERR -> deviceError("the device could not read a command: " + reply.reason());
            case LIT -> {
                lightLit++;
                if (a[1] < lastLightMs) lightClamped++;
            }
            case DARK -> {
                // the message first: a reader that sees the counter move also sees why
                lightError("the controller refused light pulse " + a[0] + ": " + reply.reason());
                lightDark++;
            }
            case LIGHTS -> lightInfo = new LightInfo((int) a[0], (int) a[1], (int) a[2]);
            case LICK -> {
                long count = a[0];
                // a count that does not follow on is reports lost on the line; one below the last, a restart
                if (lastLickCount >= 0 && count > lastLickCount + 1) lickReportsLost += count - lastLickCount - 1;
                lastLickCount = count;
                licks.lick(now / 1e9);
            }
            case LIMIT -> {
                DeviceInfo d = device;
                device = new DeviceInfo(d.protocol(), d.valves(), d.maxOpenMs(), d.lastId(), (int) a[0]);
                limitPending = false;
                boundProblem = a[0] > limitMs ? keepsLooser(a[0]) : null;
                if (boundProblem != null) error(boundProblem);
            }
        }
    }

    private void resolveByStatus(long lastId, boolean lastOpened) {
        if (lastId == inFlightId) {
            if (lastOpened) {
                error("reward id " + inFlightId + ": acknowledgement lost, but the device reports it opened the valve");
                delivered++;
            } else {
                fail("reward id " + inFlightId + ": the device received it but did not open the valve");
            }
        } else if (lastId < inFlightId && !restartSinceSend) {
            fail("reward id " + inFlightId + " never reached the device (last id it took: " + lastId
                    + "); not resent");
        } else {
            error("reward id " + inFlightId + ": outcome unknown (the device restarted; its last id is " + lastId + ")");
            unknown++;
        }
        settle();
    }

    private void settle() {
        inFlight = null;
        phase = PHASE_IDLE;
    }

    // The message goes first: a reader that sees a counter move also sees why.
    private void fail(String why) {
        error(why);
        failed++;
    }

    private void error(String why) {
        errors.incrementAndGet();
        lastError = why;
    }

    private void garbled(String why) {
        error("garbled reply from " + spec.port() + ": " + why);
        garbled++;
    }

    private void deviceError(String why) {
        error(why);
        deviceErrors++;
    }

    /** The port failed: drop it, keep the pending reward's fate open for STATUS after reconnecting. */
    private void lost(String why) {
        // the reason first: whoever sees the output unhealthy can also read why
        error(spec.port() + ": " + why + "; reconnecting every second");
        SerialLink l = link;
        link = null;
        healthy = false;
        if (l != null) l.close();
        if (phase != PHASE_IDLE) {
            phase = PHASE_AWAIT_STATUS;
            statusTries = 0;
        }
        nextReconnect = System.nanoTime() + RECONNECT_NANOS;
    }

    private int reconnect(long now) {
        // Rewards decided while disconnected cannot go out: drain them as failures so they never arrive late.
        while (queue.poll(slot)) {
            fail("reward for trial " + slot.request.trial() + " not sent: " + spec.port() + " is not connected");
            slot.request = null;
        }
        while (lightHead.get() < lightTail.get()) {
            lightHead.lazySet(lightHead.get() + 1);
            lightError(lightDisconnected);
            lightNotQueued.incrementAndGet();
        }
        if (now - nextReconnect < 0) return 0;
        reconnects++;
        String problem = connect(now + (long) (spec.connectTimeoutMs() * 1e6));
        if (problem != null) {
            lastError = problem;
            nextReconnect = System.nanoTime() + RECONNECT_NANOS;
            return 1;
        }
        if (phase == PHASE_AWAIT_STATUS) deadline = System.nanoTime();
        return 1;
    }

    /**
     * Opens the port, waits for HELLO and, from a protocol-2 controller, for its answer to LIMIT; null on success,
     * else what went wrong.
     */
    private String connect(long deadlineNanos) {
        SerialLink l;
        try {
            l = SerialLink.open(spec.port(), spec.baud());
        } catch (IOException e) {
            return e.getMessage();
        }
        lineLength = 0;
        overlong = false;
        DeviceInfo hello = null; // once the banner is in, LIMIT is repeated instead of HELLO
        DeviceInfo bound = null; // once LIMIT is answered, LIGHTS (protocol 3) is repeated instead
        String refusedLimit = null;
        long nextSend = 0;
        while (System.nanoTime() - deadlineNanos < 0) {
            long now = System.nanoTime();
            if (now - nextSend >= 0) {
                int n = hello == null ? ValveProtocol.hello(out)
                        : bound == null ? ValveProtocol.limit(out, limitMs) : ValveProtocol.lights(out);
                if (!l.write(out, n)) break;
                nextSend = now + HELLO_REPEAT_NANOS;
            }
            int n = l.read(in);
            if (n < 0) break;
            for (int i = 0; i < n; i++) {
                byte b = in[i];
                if (b != '\n') {
                    if (lineLength < line.length) line[lineLength++] = b;
                    continue;
                }
                boolean ok = reply.parse(line, lineLength);
                lineLength = 0;
                if (!ok) continue; // boot noise before the banner is normal
                long[] a = reply.arg;
                if (reply.kind == DeviceReply.Kind.HELLO && hello == null) {
                    if (a[0] < ValveProtocol.OLDEST_VERSION || a[0] > ValveProtocol.VERSION) {
                        l.close();
                        return spec.port() + ": the controller speaks apical_valve protocol " + a[0] + ", Apical speaks "
                                + ValveProtocol.OLDEST_VERSION + " to " + ValveProtocol.VERSION
                                + "; flash rigs/firmware/apical_valve";
                    }
                    hello = new DeviceInfo((int) a[0], (int) a[1], (int) a[2], a[3], (int) a[2]);
                    if (hello.protocol() < 2) {
                        if (hello.maxOpenMs() <= limitMs) return connected(l, hello);
                        l.close();
                        return cannotBeTold(hello.protocol(), hello.maxOpenMs());
                    }
                    nextSend = System.nanoTime(); // LIMIT at once
                } else if (reply.kind == DeviceReply.Kind.LIMIT && hello != null && bound == null) {
                    if (a[0] > limitMs) {
                        l.close();
                        return keepsLooser(a[0]);
                    }
                    bound = new DeviceInfo(hello.protocol(), hello.valves(), hello.maxOpenMs(), hello.lastId(),
                            (int) a[0]);
                    if (hello.protocol() < ValveProtocol.LIGHT_VERSION) return connected(l, bound);
                    nextSend = System.nanoTime(); // LIGHTS at once
                } else if (reply.kind == DeviceReply.Kind.LIGHTS && bound != null) {
                    lightInfo = new LightInfo((int) a[0], (int) a[1], (int) a[2]);
                    return connected(l, bound);
                } else if (reply.kind == DeviceReply.Kind.ERR && hello != null) {
                    refusedLimit = reply.reason();
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        l.close();
        if (bound != null) {
            return spec.port() + ": the controller (apical_valve protocol " + bound.protocol() + ") did not answer LIGHTS"
                    + " within " + (long) spec.connectTimeoutMs() + " ms; flash rigs/firmware/apical_valve unchanged";
        }
        if (hello != null) {
            return spec.port() + ": the controller did not acknowledge LIMIT " + limitMs + " within "
                    + (long) spec.connectTimeoutMs() + " ms" + (refusedLimit == null ? "" : " (it answered ERR "
                    + refusedLimit + ")") + "; its own maximum open time is " + hello.maxOpenMs()
                    + " ms, reward.max_valve_open_ms is " + limitMs + " ms; flash rigs/firmware/apical_valve";
        }
        return spec.port() + ": no HELLO from the controller within " + (long) spec.connectTimeoutMs()
                + " ms (is rigs/firmware/apical_valve flashed, and is the baud rate " + spec.baud() + "?)";
    }

    private String connected(SerialLink l, DeviceInfo d) {
        device = d;
        nextId = Math.max(nextId, d.lastId() + 1);
        valveOpen = false;
        limitPending = false;
        boundProblem = null;
        link = l;
        healthy = true;
        pingOutstanding = false;
        missedInARow = 0;
        nextPing = System.nanoTime() + heartbeatNanos;
        return null;
    }

    private String cannotBeTold(int protocol, int deviceMaxMs) {
        return spec.port() + ": the controller's own maximum open time is " + deviceMaxMs
                + " ms, longer than reward.max_valve_open_ms " + limitMs + " ms, and its firmware (apical_valve protocol "
                + protocol + ") cannot be told a shorter one; flash rigs/firmware/apical_valve (protocol "
                + ValveProtocol.VERSION + "), or set its MAX_OPEN_MS to at most " + limitMs;
    }

    private String keepsLooser(long deviceLimitMs) {
        return spec.port() + ": the controller was told LIMIT " + limitMs + " ms but keeps " + deviceLimitMs
                + " ms as its bound, longer than reward.max_valve_open_ms " + limitMs
                + " ms; flash rigs/firmware/apical_valve unchanged";
    }

    private static String printable(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(n, 40); i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F) s.append((char) c);
            else s.append(String.format("\\x%02X", c));
        }
        return s + (n > 40 ? "…" : "");
    }
}
