package org.apical.reward;

import java.util.concurrent.locks.LockSupport;

/**
 * Owns the thread of one {@link Agent}: start, duty-cycle loop, explicit stop. A failure inside the agent stops it
 * and is kept so health checks can name it (nothing dies silently).
 */
public final class AgentRunner implements AutoCloseable {
    private final Agent agent;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    public AgentRunner(Agent agent) {
        this.agent = agent;
        this.thread = Thread.ofPlatform().name(agent.roleName()).daemon(true).unstarted(this::loop);
    }

    public AgentRunner start() {
        thread.start();
        return this;
    }

    private void loop() {
        try {
            agent.onStart();
            while (running) {
                if (agent.doWork() == 0 && running) LockSupport.parkNanos(agent.idleNanos());
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            try {
                agent.onClose();
            } catch (Throwable t) {
                if (failure == null) failure = t;
            }
        }
    }

    /** Ends an idle park now (e.g. a reward was queued). Never blocks, never allocates. */
    public void wake() { LockSupport.unpark(thread); }

    public boolean alive() { return thread.isAlive(); }

    public Throwable failure() { return failure; }

    public String roleName() { return agent.roleName(); }

    /** Stops the loop and waits for {@link Agent#onClose()} (bounded). */
    @Override public void close() {
        running = false;
        wake();
        if (Thread.currentThread() == thread) return;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
