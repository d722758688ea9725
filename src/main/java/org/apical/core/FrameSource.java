package org.apical.core;


/**
 * Where samples come from: the simulated rig, an LSL inlet, a recording. A source paces itself (real time, a
 * multiple of it, or as fast as the pipeline takes samples); the pipeline never looks at the wall clock.
 */
public interface FrameSource extends AutoCloseable {

    StreamDescription description();

    /**
     * Reads the next sample into {@code frame.raw} and sets {@code frame.timestamp} (and {@code gapBefore} when
     * samples were lost). Returns false at the end of the stream or when the source is closed. Must not allocate.
     */
    boolean next(Frame frame) throws InterruptedException;

    /**
     * True when timestamps are on this machine's LSL clock (a live stream, time-corrected; the simulated rig in real
     * time), so a frame's age at decision can be measured. A source whose timestamps are from elsewhere (a recording)
     * returns false and may put a known age in {@link Frame#age} instead.
     */
    default boolean timestampsOnThisClock() { return false; }

    /**
     * Asks a {@link #next} that is waiting for a sample to return false soon, from any thread (a stop must not wait
     * for a stalled stream to send again). Default: nothing, for sources whose waits are short (paced simulation,
     * replay).
     */
    default void endWaiting() {}

    @Override default void close() {}
}
