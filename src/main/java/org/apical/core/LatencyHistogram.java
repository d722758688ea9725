package org.apical.core;

import java.util.Map;

/**
 * Latencies in nanoseconds, log-linear buckets with under 1 % relative error (exact below 256 ns), fixed memory,
 * recording allocates nothing. Written by one thread; read after the run (or roughly, while it runs).
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 7;
    private static final int SUB = 1 << SUB_BITS;
    private static final int LINEAR = 256;
    private final long[] counts = new long[LINEAR + (64 - 8) * SUB];
    private long count;
    private long max;
    private long min = Long.MAX_VALUE;
    private double sum;

    public void record(long nanos) {
        if (nanos < 0) nanos = 0;
        counts[index(nanos)]++;
        count++;
        sum += nanos;
        if (nanos > max) max = nanos;
        if (nanos < min) min = nanos;
    }

    private static int index(long v) {
        if (v < LINEAR) return (int) v;
        int e = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) (v >>> (e - SUB_BITS)) & (SUB - 1);
        return LINEAR + (e - 8) * SUB + sub;
    }

    /** Midpoint of a bucket's range. */
    private static long valueOf(int idx) {
        if (idx < LINEAR) return idx;
        int e = (idx - LINEAR) / SUB + 8;
        int sub = (idx - LINEAR) % SUB;
        long lo = (1L << e) + ((long) sub << (e - SUB_BITS));
        long width = 1L << (e - SUB_BITS);
        return lo + width / 2;
    }

    /** Latency at quantile q (0..1), nanoseconds; 0 when empty. The top quantile is the exact maximum. */
    public long quantile(double q) {
        if (count == 0) return 0;
        long rank = (long) Math.ceil(q * count);
        if (rank >= count) return max;
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) return Math.min(valueOf(i), max);
        }
        return max;
    }

    public long count() { return count; }
    public long max() { return max; }
    public double meanNanos() { return count == 0 ? 0 : sum / count; }

    public void reset() {
        java.util.Arrays.fill(counts, 0);
        count = 0;
        max = 0;
        min = Long.MAX_VALUE;
        sum = 0;
    }

    /** {@code {p50, p99, p999, max}} in microseconds, the shape every command's --json uses. */
    public Map<String, Object> microseconds() {
        Map<String, Object> m = Json.object();
        m.put("p50", us(quantile(0.50)));
        m.put("p99", us(quantile(0.99)));
        m.put("p999", us(quantile(0.999)));
        m.put("max", us(max));
        return m;
    }

    public String describe() {
        return String.format("p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, max %.1f µs (n=%d)",
                quantile(0.5) / 1e3, quantile(0.99) / 1e3, quantile(0.999) / 1e3, max / 1e3, count);
    }

    private static double us(long nanos) { return Math.round(nanos / 10.0) / 100.0; }
}
