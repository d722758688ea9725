package org.apical.reward;

import java.util.ArrayList;
import java.util.List;
import org.apical.core.LatencyHistogram;

/**
 * Fans one approved reward out to every output (e.g. the valve and an LSL marker). Each output's deliver() only
 * queues, so dispatching never waits on a device; one misbehaving output cannot keep the others from their reward.
 * Called by the task stage after {@link RewardGate#approve}.
 */
public final class RewardDispatcher implements AutoCloseable {
    private final RewardOutput[] outputs;
    private volatile String lastFailure;

    public RewardDispatcher(List<RewardOutput> outputs) {
        this.outputs = outputs.toArray(RewardOutput[]::new);
    }

    /** Hands {@code request} to every output. Never blocks; allocates nothing of its own. */
    public void dispatch(RewardRequest request) {
        for (RewardOutput o : outputs) {
            try {
                o.deliver(request);
            } catch (RuntimeException e) {
                lastFailure = o.name() + ": " + e;
            }
        }
    }

    /** Closes every valve now (watchdog, end of session, shutdown). */
    public void closeValves() {
        for (RewardOutput o : outputs) {
            try {
                o.closeValve();
            } catch (RuntimeException e) {
                lastFailure = o.name() + ": " + e;
            }
        }
    }

    /** True when every output can deliver. */
    public boolean healthy() {
        for (RewardOutput o : outputs) if (!o.healthy()) return false;
        return true;
    }

    public List<RewardOutput> outputs() { return List.of(outputs); }

    /** What one output did: for every output its counts; for a serial valve also its link figures (else null). */
    public record OutputReport(String name, long delivered, boolean healthy, String lastError, SerialReport serial) {}

    /** A serial valve's counters and the latencies decision → written and → acknowledged. */
    public record SerialReport(String port, SerialValveStats stats, LatencyHistogram decisionToWritten,
                               LatencyHistogram decisionToAck) {}

    /** Per-output figures for a session summary or {@code --json}. Allocates: call at the end or from the console. */
    public List<OutputReport> reports() {
        List<OutputReport> list = new ArrayList<>();
        for (RewardOutput o : outputs) {
            SerialReport serial = o instanceof SerialValveOutput v
                    ? new SerialReport(v.spec().port(), v.stats(), v.decisionToWritten(), v.decisionToAck()) : null;
            list.add(new OutputReport(o.name(), o.delivered(), o.healthy(), o.lastError(), serial));
        }
        return list;
    }

    /** The q-quantile in microseconds (q = 1: the maximum), NaN when nothing was recorded. */
    public static double us(LatencyHistogram h, double q) {
        return h.count() == 0 ? Double.NaN : (q >= 1 ? h.max() : h.quantile(q)) / 1e3;
    }

    /** An output's deliver() that threw (a bug in that output), or null. */
    public String lastFailure() { return lastFailure; }

    @Override public void close() {
        for (RewardOutput o : outputs) {
            try {
                o.close();
            } catch (RuntimeException e) {
                lastFailure = o.name() + ": " + e;
            }
        }
    }
}
