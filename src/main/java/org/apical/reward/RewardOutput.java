package org.apical.reward;

/**
 * A place rewards go: the simulated counter, a serial valve controller, an LSL marker stream. Outputs never block
 * the loop that decides rewards: {@link #deliver} hands the request to the output's own thread and returns.
 * Safety limits are enforced before this, by {@link RewardGate}; outputs add what only the device can check
 * (valve-open time bound, acknowledgements).
 */
public interface RewardOutput extends AutoCloseable {

    String name();

    /** Queues one approved reward. Must not block and must not allocate per call beyond the request itself. */
    void deliver(RewardRequest request);

    /** Closes the valve now, whatever is happening (watchdog, shutdown hook). Idempotent. */
    void closeValve();

    /** Rewards this output has delivered (acknowledged, where the device acknowledges). */
    long delivered();

    /**
     * False when the output cannot deliver right now (a device that stopped answering, a lost port). The watchdog
     * stops rewarding while any output is unhealthy.
     */
    default boolean healthy() { return true; }

    /** The last error the operator should see, or null. */
    default String lastError() { return null; }

    @Override default void close() { closeValve(); }
}
