package org.apical.reward;

import java.util.concurrent.atomic.AtomicLong;

/** Counts rewards; no hardware. Lets the whole loop run on a desk. */
public final class SimulatedRewardOutput implements RewardOutput {
    private final AtomicLong delivered = new AtomicLong();
    private volatile double totalUl;

    @Override public String name() { return "simulated"; }

    @Override public void deliver(RewardRequest request) {
        delivered.incrementAndGet();
        totalUl += request.volumeUl();
    }

    @Override public void closeValve() {}

    @Override public long delivered() { return delivered.get(); }

    public double totalMicrolitres() { return totalUl; }
}
