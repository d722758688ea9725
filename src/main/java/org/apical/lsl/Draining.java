package org.apical.lsl;

/**
 * Something whose close sends what it already took before it ends (an outlet, and what owns outlets), waiting a
 * bounded time for slow consumers. {@link #beginClose()} starts that without waiting, so that several close
 * together in the time of one: {@link #closeAll}.
 */
public interface Draining extends AutoCloseable {
    /** Takes nothing new from here on and starts the bounded wait; {@link #close()} finishes it. */
    void beginClose();

    /** {@link #beginClose()} if not begun, waits (bounded) for the drain and releases everything. */
    @Override void close();

    /** Closes all of them with their drains overlapping: no longer than the longest drain time-out among them. */
    static void closeAll(Iterable<? extends Draining> all) {
        for (Draining d : all) d.beginClose();
        for (Draining d : all) d.close();
    }
}
