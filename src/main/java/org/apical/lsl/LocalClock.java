package org.apical.lsl;

/**
 * LSL's {@code local_clock()}: monotonic seconds. On Linux {@link System#nanoTime()} reads CLOCK_MONOTONIC, the
 * same clock liblsl uses, so Java and native peers on one host share a timebase.
 */
public final class LocalClock {
    private LocalClock() {}

    public static double now() { return System.nanoTime() / 1e9; }
}
