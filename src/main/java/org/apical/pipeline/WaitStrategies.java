package org.apical.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/** The rig file's {@code pipeline.wait_strategy} names → Disruptor wait strategies. */
public final class WaitStrategies {
    private WaitStrategies() {}

    public static final String[] NAMES = {"yielding", "busy-spin", "blocking", "sleeping"};

    public static WaitStrategy of(String name) {
        return switch (name) {
            case "busy-spin" -> new BusySpinWaitStrategy();
            case "blocking" -> new BlockingWaitStrategy();
            case "sleeping" -> new SleepingWaitStrategy();
            case "yielding" -> new YieldingWaitStrategy();
            default -> throw new IllegalArgumentException("unknown wait strategy '" + name
                    + "'; use one of yielding, busy-spin, blocking, sleeping");
        };
    }
}
