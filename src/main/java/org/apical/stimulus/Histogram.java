package org.apical.stimulus;

/**
 * Durations in fixed 10 µs buckets up to one second (anything longer lands in the last bucket, the maximum is kept
 * exactly). Preallocated; recording is an increment, so the window's thread can record every frame.
 * Not thread-safe: one thread records; read it on the same thread.
 */
public final class Histogram {
    private static final long BUCKET_NANOS = 10_000;
    private final int[] counts = new int[100_001];
    private long n;
    private long sum;
    private long max;

    public void record(long nanos) {
        if (nanos < 0) nanos = 0;
        counts[(int) Math.min(nanos / BUCKET_NANOS, counts.length - 1)]++;
        n++;
        sum += nanos;
        max = Math.max(max, nanos);
    }

    public long count() { return n; }

    /** The q-quantile (0..1) in milliseconds, at the upper edge of its bucket (never optimistic); NaN when empty. */
    public double quantileMs(double q) {
        if (n == 0) return Double.NaN;
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) return Math.min((i + 1) * BUCKET_NANOS, max) / 1e6;
        }
        return max / 1e6;
    }

    public double meanMs() { return n == 0 ? Double.NaN : sum / (double) n / 1e6; }
    public double maxMs() { return n == 0 ? Double.NaN : max / 1e6; }

    public void reset() {
        java.util.Arrays.fill(counts, 0);
        n = sum = max = 0;
    }
}
