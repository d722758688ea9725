package org.apical.reward;

import java.util.List;
import java.util.function.LongSupplier;
import org.apical.config.Duration;

/**
 * The animal's last line of defence in Apical: a named agent ("reward-watchdog") that closes every valve and stops
 * rewarding ({@link RewardGate#suspend()}) while the pipeline is stalled longer than stall_timeout, or while any
 * output is unhealthy (a device that stopped answering heartbeats or vanished). When both are well again rewarding
 * resumes: a short hiccup must not end a session, but no reward passes during it. Process exit is covered by
 * {@link ValveShutdownHook}; a killed process or a power cut by the controller's own maximum open time.
 *
 * <p>The pipeline calls {@link #heartbeat()} once per frame (one volatile store, nothing allocated), or the watchdog
 * reads a stamp the pipeline keeps anyway (e.g. {@code TaskStage::lastFrameNanos}). The stall check is armed by the
 * first heartbeat and disarmed by {@link #pause()} (end of stream, operator pause) until the next one.
 */
public final class RewardWatchdog implements Agent, AutoCloseable {
    /** Why rewarding is stopped right now. */
    public enum Trip { NONE, PIPELINE_STALLED, OUTPUT_UNHEALTHY }

    private static final long RESEND_CLOSE_NANOS = 1_000_000_000L;

    private final RewardGate gate;
    private final RewardOutput[] outputs;
    private final long stallNanos;
    private final long periodNanos;
    private final LongSupplier frameStamp;
    private final LongSupplier clock;
    private volatile long lastBeat;
    private volatile long pausedAt;
    private volatile Trip tripped = Trip.NONE;
    private volatile long trips;
    private volatile String lastTrip;
    private long lastCloseSent;
    private volatile boolean unpaced;
    private AgentRunner runner;

    public RewardWatchdog(RewardGate gate, List<RewardOutput> outputs, long stallTimeoutNanos) {
        this(gate, outputs, stallTimeoutNanos, () -> 0L);
    }

    /**
     * @param frameStamp System.nanoTime() of the pipeline's latest frame (0 before the first), read by the
     *                   watchdog's own thread; the pipeline then need not call {@link #heartbeat()}
     */
    public RewardWatchdog(RewardGate gate, List<RewardOutput> outputs, long stallTimeoutNanos,
                          LongSupplier frameStamp) {
        this(gate, outputs, stallTimeoutNanos, frameStamp, System::nanoTime);
    }

    /**
     * @param clock the watchdog's time in nanoseconds, on the same scale as {@code frameStamp} and
     *              {@link #heartbeat()}; System::nanoTime in production (a method reference: nothing allocated
     *              per read), a settable clock in tests so that a stall is a step of the clock, not a sleep
     */
    public RewardWatchdog(RewardGate gate, List<RewardOutput> outputs, long stallTimeoutNanos,
                          LongSupplier frameStamp, LongSupplier clock) {
        if (stallTimeoutNanos <= 0) throw new IllegalArgumentException("stall timeout must be positive");
        this.frameStamp = frameStamp;
        this.clock = clock;
        this.gate = gate;
        this.outputs = outputs.toArray(RewardOutput[]::new);
        this.stallNanos = stallTimeoutNanos;
        this.periodNanos = Math.max(1_000_000L, Math.min(50_000_000L, stallTimeoutNanos / 5));
    }

    /** stall_timeout in nanoseconds; a timeout written in frames is converted with the stream's frame rate. */
    public static long stallNanos(Duration stallTimeout, double frameRateHz) {
        double seconds = stallTimeout.inFrames() ? stallTimeout.value() / frameRateHz : stallTimeout.value();
        return (long) (seconds * 1e9);
    }

    public RewardWatchdog start() {
        runner = new AgentRunner(this).start();
        return this;
    }

    /**
     * An unpaced session (a replay, a simulation at maximum speed) has no animal waiting on its decisions, and its
     * pipeline may wait for a side consumer: a stall there still closes every valve, but refuses no reward, so the
     * same input always gives the same decisions. An unhealthy output still stops rewarding.
     */
    public void unpaced(boolean on) { unpaced = on; }

    /** One per frame from the pipeline. */
    public void heartbeat() { lastBeat = clock.getAsLong(); }

    /** The same with a time the caller already has (e.g. the frame's arrival stamp). */
    public void heartbeat(long nowNanos) { lastBeat = nowNanos; }

    /** The pipeline stops on purpose (pause, end of stream): no stall until the next frame. */
    public void pause() { pausedAt = latestBeat(); }

    private long latestBeat() { return Math.max(lastBeat, frameStamp.getAsLong()); }

    public Trip tripped() { return tripped; }

    public long trips() { return trips; }

    /** What the last trip was, for the operator; null if it never tripped. */
    public String lastTrip() { return lastTrip; }

    @Override public String roleName() { return "reward-watchdog"; }

    @Override public long idleNanos() { return periodNanos; }

    @Override public int doWork() {
        long now = clock.getAsLong();
        long beat = latestBeat();
        Trip reason = Trip.NONE;
        String why = null;
        if (beat != 0 && beat != pausedAt && now - beat > stallNanos) {
            reason = Trip.PIPELINE_STALLED;
            why = "pipeline stalled: no frame for " + (now - beat) / 1_000_000 + " ms (stall_timeout "
                    + stallNanos / 1_000_000 + " ms)";
        } else {
            for (RewardOutput o : outputs) {
                if (!o.healthy()) {
                    reason = Trip.OUTPUT_UNHEALTHY;
                    String e = o.lastError();
                    why = o.name() + " is not answering" + (e == null ? "" : ": " + e);
                    break;
                }
            }
        }
        if (reason != Trip.NONE) {
            if (tripped != reason) {
                if (reason != Trip.PIPELINE_STALLED || !unpaced) gate.suspend();
                closeAll(now);
                trips++;
                lastTrip = why;
                tripped = reason;
            } else if (now - lastCloseSent > RESEND_CLOSE_NANOS) {
                closeAll(now); // idempotent; covers a CLOSE lost while the device was away
            }
        } else if (tripped != Trip.NONE) {
            tripped = Trip.NONE;
            gate.resume();
        }
        return 0;
    }

    private void closeAll(long now) {
        lastCloseSent = now;
        for (RewardOutput o : outputs) {
            try {
                o.closeValve();
            } catch (RuntimeException e) {
                lastTrip = o.name() + ": closing the valve failed: " + e;
            }
        }
    }

    @Override public void close() {
        AgentRunner r = runner;
        if (r != null) r.close();
    }
}
