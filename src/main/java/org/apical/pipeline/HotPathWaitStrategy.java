package org.apical.pipeline;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;

/**
 * The rig file's wait strategy for the decision thread only; every side consumer (monitor, recorder, publishers)
 * parks for {@link #SIDE_PARK_NANOS} between polls instead. On a 2-core rig, side consumers spinning or yielding beside
 * the decision thread and the source would take the cores the decision needs; side consumers may lag anyway.
 */
public final class HotPathWaitStrategy implements WaitStrategy {
    /** How long a side consumer sleeps when it has caught up. */
    public static final long SIDE_PARK_NANOS = 100_000;

    private final WaitStrategy hot;
    private final WaitStrategy side = new SleepingWaitStrategy(0, SIDE_PARK_NANOS);
    private volatile Thread hotThread;

    public HotPathWaitStrategy(WaitStrategy hot) { this.hot = hot; }

    /** Called on the decision thread when it starts. */
    public void hotThreadIsCurrent() { hotThread = Thread.currentThread(); }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException, TimeoutException {
        return Thread.currentThread() == hotThread
                ? hot.waitFor(sequence, cursor, dependentSequence, barrier)
                : side.waitFor(sequence, cursor, dependentSequence, barrier);
    }

    @Override public void signalAllWhenBlocking() {
        hot.signalAllWhenBlocking();
        side.signalAllWhenBlocking();
    }
}
