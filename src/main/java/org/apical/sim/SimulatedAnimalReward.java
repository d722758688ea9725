package org.apical.sim;

import java.util.concurrent.atomic.AtomicLong;
import org.apical.reward.RewardOutput;
import org.apical.reward.RewardRequest;

/**
 * The simulated animal's mouth: a reward output like a valve, from which the {@link SimulatedRig} feeds its learner.
 * The decision thread writes (deliver), the rig's thread reads; the hand-off is a fixed ring of the rewarded frames'
 * timestamps, so delivering neither blocks nor allocates. Timestamps rather than sequences, because over LSL the
 * session's frame numbers can differ from the rig's own where samples were lost on the way; the rig turns a timestamp
 * back into its own frame.
 */
public final class SimulatedAnimalReward implements RewardOutput {
    /** Far more rewards than can wait: the rig takes them a few frames after they are earned, one per trial at most. */
    private static final int CAPACITY = 1 << 12;

    private final double[] timestamps = new double[CAPACITY];
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();

    SimulatedAnimalReward() {}

    @Override public String name() { return "simulated-animal"; }

    @Override public void deliver(RewardRequest request) { deliverAt(request.timestamp()); }

    /** The same for a frame's timestamp alone (the light's pulses: nothing allocated). */
    void deliverAt(double timestamp) {
        long w = written.get();
        if (w - read.get() >= CAPACITY) {
            overflowed.incrementAndGet();
            return;
        }
        timestamps[(int) (w & (CAPACITY - 1))] = timestamp;
        written.lazySet(w + 1);
    }

    /** The timestamp of the oldest reward not yet taken, or NaN when none waits. Read by the rig's thread only. */
    double peek() {
        long r = read.get();
        return r < written.get() ? timestamps[(int) (r & (CAPACITY - 1))] : Double.NaN;
    }

    /** Takes the reward {@link #peek} returned. */
    void take() { read.lazySet(read.get() + 1); }

    /** No valve: nothing to close. */
    @Override public void closeValve() {}

    /** Rewards handed to the animal (taken by the rig or waiting for it). */
    @Override public long delivered() { return written.get(); }

    /** Stays healthy even so: a reward the simulation did not learn from is no reason to stop rewarding. */
    @Override public String lastError() {
        long n = overflowed.get();
        return n == 0 ? null : n + " rewards found the simulated animal's queue full and were not learned from";
    }
}
