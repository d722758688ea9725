package org.apical.reward;

import java.util.Arrays;

/**
 * Latencies in nanoseconds, recorded by one thread into a preallocated array (the newest {@code capacity} are
 * kept), read as percentiles by any thread at the end of a session. Recording never allocates.
 */
public final class LatencyLog {
    private final long[] values;
    private volatile long count;

    public LatencyLog(int capacity) { values = new long[capacity]; }

    public void record(long nanos) {
        long c = count;
        values[(int) (c % values.length)] = nanos;
        count = c + 1;
    }

    public long count() { return count; }

    /** The newest value, or 0 before the first. */
    public long lastNanos() {
        long c = count;
        return c == 0 ? 0 : values[(int) ((c - 1) % values.length)];
    }

    /** Percentiles (0..100) in microseconds, NaN when nothing was recorded. Allocates a copy: not for hot paths. */
    public Summary summary() {
        long c = count;
        int n = (int) Math.min(c, values.length);
        long[] copy = Arrays.copyOf(values, n);
        Arrays.sort(copy);
        double sum = 0;
        for (long v : copy) sum += v;
        return new Summary(c, n == 0 ? Double.NaN : sum / n / 1e3, pct(copy, 50), pct(copy, 90), pct(copy, 99),
                n == 0 ? Double.NaN : copy[n - 1] / 1e3);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e3;
    }

    /** Figures in microseconds. */
    public record Summary(long count, double meanUs, double p50Us, double p90Us, double p99Us, double maxUs) {
        public String describe() {
            return count == 0 ? "no samples"
                    : String.format("n=%d mean %.0f µs, p50 %.0f µs, p90 %.0f µs, p99 %.0f µs, max %.0f µs",
                            count, meanUs, p50Us, p90Us, p99Us, maxUs);
        }
    }
}
