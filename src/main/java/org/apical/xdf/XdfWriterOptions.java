package org.apical.xdf;

import java.time.Clock;
import java.util.function.DoubleSupplier;

/**
 * How an {@link XdfWriter} writes.
 *
 * @param flushIntervalSeconds  longest time buffered samples stay in memory (crash-safety window), > 0
 * @param fsync                 also force flushed bytes to the disk (survives power loss, not only a killed process)
 * @param clockOffsetIntervalSeconds how often offsets of {@link StreamClock#LOCAL} streams are written
 * @param boundaryIntervalSeconds how often a Boundary chunk is written (resynchronisation point for readers)
 * @param rolloverBytes         start a new file once the current one reaches this size; 0 = never
 * @param rolloverSeconds       start a new file once the current one is this old; 0 = never
 * @param maxChunkBytes         a stream's pending samples are written out as one chunk once they reach this size
 * @param localClock            seconds on LSL's local clock (monotonic); used for offsets and intervals
 * @param wallClock             for the file header's {@code <datetime>}
 */
public record XdfWriterOptions(double flushIntervalSeconds, boolean fsync, double clockOffsetIntervalSeconds,
                               double boundaryIntervalSeconds, long rolloverBytes, double rolloverSeconds,
                               int maxChunkBytes, DoubleSupplier localClock, Clock wallClock) {

    /** LSL's local_clock(): CLOCK_MONOTONIC in seconds, the clock System.nanoTime reads on Linux. */
    public static final DoubleSupplier LSL_LOCAL_CLOCK = () -> System.nanoTime() * 1e-9;

    public XdfWriterOptions {
        if (!(flushIntervalSeconds > 0)) throw new IllegalArgumentException("flush interval must be > 0 s");
        if (!(clockOffsetIntervalSeconds > 0)) throw new IllegalArgumentException("clock offset interval must be > 0 s");
        if (!(boundaryIntervalSeconds > 0)) throw new IllegalArgumentException("boundary interval must be > 0 s");
        if (rolloverBytes < 0) throw new IllegalArgumentException("rollover size must be >= 0");
        if (!(rolloverSeconds >= 0)) throw new IllegalArgumentException("rollover time must be >= 0");
        if (maxChunkBytes < 1024) throw new IllegalArgumentException("max chunk size must be >= 1024 bytes");
        if (localClock == null) localClock = LSL_LOCAL_CLOCK;
        if (wallClock == null) wallClock = Clock.systemDefaultZone();
    }

    /** Flush every second, fsync, offsets every 5 s and boundaries every 10 s (as LabRecorder), no rollover. */
    public static XdfWriterOptions defaults() {
        return new XdfWriterOptions(1.0, true, 5.0, 10.0, 0, 0, 256 * 1024, LSL_LOCAL_CLOCK,
                Clock.systemDefaultZone());
    }

    public XdfWriterOptions withFlushInterval(double seconds) {
        return new XdfWriterOptions(seconds, fsync, clockOffsetIntervalSeconds, boundaryIntervalSeconds, rolloverBytes,
                rolloverSeconds, maxChunkBytes, localClock, wallClock);
    }

    public XdfWriterOptions withFsync(boolean on) {
        return new XdfWriterOptions(flushIntervalSeconds, on, clockOffsetIntervalSeconds, boundaryIntervalSeconds,
                rolloverBytes, rolloverSeconds, maxChunkBytes, localClock, wallClock);
    }

    public XdfWriterOptions withIntervals(double clockOffsetSeconds, double boundarySeconds) {
        return new XdfWriterOptions(flushIntervalSeconds, fsync, clockOffsetSeconds, boundarySeconds, rolloverBytes,
                rolloverSeconds, maxChunkBytes, localClock, wallClock);
    }

    /** Rollover at {@code bytes} (0 = no size limit) or {@code seconds} (0 = no time limit), checked at each flush. */
    public XdfWriterOptions withRollover(long bytes, double seconds) {
        return new XdfWriterOptions(flushIntervalSeconds, fsync, clockOffsetIntervalSeconds, boundaryIntervalSeconds,
                bytes, seconds, maxChunkBytes, localClock, wallClock);
    }

    public XdfWriterOptions withMaxChunkBytes(int bytes) {
        return new XdfWriterOptions(flushIntervalSeconds, fsync, clockOffsetIntervalSeconds, boundaryIntervalSeconds,
                rolloverBytes, rolloverSeconds, bytes, localClock, wallClock);
    }

    public XdfWriterOptions withLocalClock(DoubleSupplier clock) {
        return new XdfWriterOptions(flushIntervalSeconds, fsync, clockOffsetIntervalSeconds, boundaryIntervalSeconds,
                rolloverBytes, rolloverSeconds, maxChunkBytes, clock, wallClock);
    }
}
