package org.apical.reward;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apical.core.Json;
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

    /**
     * Per-output figures for a session summary or {@code --json}: name, delivered, healthy, last_error, and for
     * serial valves their counters and the latencies decision → written and → acknowledged (µs percentiles).
     * Allocates: call at the end of a session or from the console, not per frame.
     */
    public List<Map<String, Object>> summary() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (RewardOutput o : outputs) {
            Map<String, Object> m = Json.object();
            m.put("name", o.name());
            m.put("delivered", o.delivered());
            m.put("healthy", o.healthy());
            m.put("last_error", o.lastError());
            if (o instanceof SerialValveOutput v) {
                SerialValveStats s = v.stats();
                m.put("port", v.spec().port());
                m.put("sent", s.sent());
                m.put("failed", s.failed());
                m.put("unknown", s.unknown());
                m.put("unacknowledged", s.unacknowledged());
                m.put("garbled", s.garbled());
                m.put("missed_heartbeats", s.missedHeartbeats());
                m.put("reconnects", s.reconnects());
                m.put("clamped", s.clampedByLimit() + s.clampedByDevice());
                m.put("decision_to_written_us", figures(v.decisionToWritten()));
                m.put("decision_to_ack_us", figures(v.decisionToAck()));
            }
            list.add(m);
        }
        return list;
    }

    private static Map<String, Object> figures(LatencyHistogram h) {
        Map<String, Object> m = Json.object();
        m.put("count", h.count());
        m.put("p50", Json.number(us(h, 0.50)));
        m.put("p99", Json.number(us(h, 0.99)));
        m.put("max", Json.number(us(h, 1)));
        return m;
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
