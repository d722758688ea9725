package org.apical.reward;

/**
 * Long-running work with an explicit duty cycle (Agrona's shape): the runner calls {@link #doWork()} in a loop on
 * a thread named {@link #roleName()}, and parks for {@link #idleNanos()} whenever a cycle did nothing.
 */
public interface Agent {
    /** The thread's name; shown when the agent fails or stalls. */
    String roleName();

    default void onStart() {}

    /** One duty cycle; returns how much work was done (0 when idle). */
    int doWork();

    /** How long to park after an idle cycle; {@link AgentRunner#wake()} cuts it short. */
    default long idleNanos() { return 1_000_000; }

    default void onClose() {}
}
