package org.apical.reward;

import java.util.List;

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
