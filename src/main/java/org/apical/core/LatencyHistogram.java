package org.apical.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.HdrHistogram.Histogram;

/**
 * Latencies in nanoseconds, the one histogram behind every latency figure Apical prints. An HdrHistogram with three
 * significant digits (relative error ≤ 0.1 %) over a fixed range of 0 ns to one hour, so its memory is fixed and
 * recording allocates nothing; longer values are recorded as one hour and counted in {@link #clamped()}.
 * Quantiles use nearest rank and report the upper edge of the value's bucket, never above the exact maximum.
 * Written by one thread. {@link #count()} and {@link #last()} may be read by any thread; the figures are exact once
 * the writer has stopped (read while it runs, they are approximate).
 */
public final class LatencyHistogram {
    /** One hour: anything longer is not a latency but a stall, and is clamped. */
    public static final long HIGHEST_NANOS = 3_600_000_000_000L;
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(LatencyHistogram.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
    private long count; // written with release order after last, so another thread reading count sees its last
    private long last;
    private long max;
    private long clamped;
    private double sum;

    public void record(long nanos) {
        if (nanos < 0) nanos = 0;
        if (nanos > HIGHEST_NANOS) {
            nanos = HIGHEST_NANOS;
            clamped++;
        }
        histogram.recordValue(nanos);
        sum += nanos;
        if (nanos > max) max = nanos;
        last = nanos;
        COUNT.setRelease(this, count + 1);
    }

    /** Latency at quantile q (0..1), nanoseconds; 0 when empty. The top quantile is the exact maximum. */
    public long quantile(double q) {
        long n = count();
        if (n == 0) return 0;
        if (Math.ceil(q * n) >= n) return max;
        return Math.min(histogram.getValueAtPercentile(q * 100), max);
    }

    public long count() { return (long) COUNT.getAcquire(this); }
    public long max() { return max; }
    /** The newest value, or 0 before the first. */
    public long last() { return count() == 0 ? 0 : last; }
    /** How many values were above {@link #HIGHEST_NANOS} and recorded as it. */
    public long clamped() { return clamped; }
    public double meanNanos() { return count == 0 ? 0 : sum / count; }

    public void reset() {
        histogram.reset();
        max = 0;
        last = 0;
        clamped = 0;
        sum = 0;
        COUNT.setRelease(this, 0L);
    }

    /** {@code {p50, p99, p999, max}} in microseconds, the shape every command's --json uses. */
    public Figures microseconds() {
        return new Figures(us(quantile(0.50)), us(quantile(0.99)), us(quantile(0.999)), us(max));
    }

    /** Latency figures in microseconds, rounded to 0.01 µs. */
    public record Figures(double p50, double p99, double p999, double max) {}

    public String describe() {
        return String.format("p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, max %.1f µs (n=%d)",
                quantile(0.5) / 1e3, quantile(0.99) / 1e3, quantile(0.999) / 1e3, max / 1e3, count);
    }

    private static double us(long nanos) { return Math.round(nanos / 10.0) / 100.0; }
}
