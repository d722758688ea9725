package org.apical.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    private static final double[] QUANTILES = {0.01, 0.1, 0.25, 0.5, 0.9, 0.99, 0.999, 1};

    /** Nearest rank: the smallest value with at least ceil(q·n) values at or below it. */
    private static long exact(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    /**
     * Against exact sorted-array percentiles: never below the exact value, above it by at most HdrHistogram's
     * precision at three significant digits (one part in 1000, plus the 1 ns unit); count, max and mean exact.
     */
    private static void matchesSortedArray(LongSupplier values, int n) {
        LatencyHistogram h = new LatencyHistogram();
        long[] all = new long[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            all[i] = values.getAsLong();
            h.record(all[i]);
            sum += all[i];
        }
        Arrays.sort(all);
        for (double q : QUANTILES) {
            long want = exact(all, q), got = h.quantile(q);
            assertTrue(got >= want && got <= want + want / 1000 + 1,
                    "q=" + q + " n=" + n + ": histogram " + got + " ns, exact " + want + " ns");
        }
        assertEquals(n, h.count());
        assertEquals(all[n - 1], h.max());
        assertEquals(sum / n, h.meanNanos(), sum / n * 1e-12);
        assertEquals(0, h.clamped());
    }

    @Test
    void quantilesMatchExactPercentilesOnRandomDataWithinThreeSignificantDigits() {
        Random r = new Random(14);
        // uniform over 0–10 ms; log-uniform over 100 ns–1 s (a decision path's spread); a narrow 20–21 µs band
        matchesSortedArray(() -> (long) (r.nextDouble() * 10e6), 12_345);
        matchesSortedArray(() -> (long) Math.pow(10, 2 + 7 * r.nextDouble()), 54_321);
        matchesSortedArray(() -> 20_000 + r.nextInt(1_000), 9_876);
        matchesSortedArray(() -> r.nextInt(300), 7_777); // small values are exact
    }

    @Test
    void emptyReportsZerosAndTheJsonShape() {
        LatencyHistogram h = new LatencyHistogram();
        for (double q : QUANTILES) assertEquals(0, h.quantile(q));
        assertEquals(0, h.count());
        assertEquals(0, h.max());
        assertEquals(0, h.last());
        assertEquals(0.0, h.meanNanos());
        assertEquals(new LatencyHistogram.Figures(0.0, 0.0, 0.0, 0.0), h.microseconds());
        assertTrue(h.describe().endsWith("(n=0)"), h.describe());
    }

    @Test
    void oneValueIsEveryQuantileExactly() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(1_234_567);
        for (double q : QUANTILES) assertEquals(1_234_567, h.quantile(q), "q=" + q);
        assertEquals(1_234_567, h.last());
        assertEquals(1_234_567.0, h.meanNanos());
        assertEquals(new LatencyHistogram.Figures(1234.57, 1234.57, 1234.57, 1234.57), h.microseconds());
        assertEquals("p50 1234.6 µs, p99 1234.6 µs, p99.9 1234.6 µs, max 1234.6 µs (n=1)", h.describe());
    }

    @Test
    void hugeValuesAreClampedToTheRangeAndCountedNegativeOnesAreZero() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(Long.MAX_VALUE);
        h.record(LatencyHistogram.HIGHEST_NANOS + 1);
        h.record(LatencyHistogram.HIGHEST_NANOS);
        h.record(-5);
        assertEquals(4, h.count());
        assertEquals(2, h.clamped(), "only the two above the range");
        assertEquals(LatencyHistogram.HIGHEST_NANOS, h.max());
        assertEquals(LatencyHistogram.HIGHEST_NANOS, h.quantile(1));
        assertEquals(0, h.quantile(0.25), "the negative value counts as 0");
        assertEquals(0, h.last());
        long p50 = h.quantile(0.5);
        assertTrue(p50 >= LatencyHistogram.HIGHEST_NANOS * 0.999 && p50 <= LatencyHistogram.HIGHEST_NANOS, "" + p50);
    }

    @Test
    void resetStartsAfresh() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) h.record(i * 1_000_000L);
        h.record(Long.MAX_VALUE);
        h.reset();
        assertEquals(0, h.count());
        assertEquals(0, h.max());
        assertEquals(0, h.clamped());
        assertEquals(0, h.quantile(0.5));
        h.record(700); // below 2048 ns every value has its own bucket
        h.record(900);
        assertEquals(700, h.quantile(0.5));
        assertEquals(900, h.quantile(0.99));
        assertEquals(800.0, h.meanNanos());
        assertEquals(900, h.last());
    }

    @Test
    void recordingAllocatesNothing() {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        LatencyHistogram h = new LatencyHistogram();
        Random r = new Random(3);
        long[] values = new long[100_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 7 == 0 ? Long.MAX_VALUE / 2 : (long) Math.pow(10, 9 * r.nextDouble()); // some clamped
        }
        for (long v : values) h.record(v); // warm-up: compiled code, as on the decision thread
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 5; round++) for (long v : values) h.record(v);
        long bytes = mx.getCurrentThreadAllocatedBytes() - before;
        // One object per call would be at least 8 MB; the few hundred bytes allowed are the JIT's, once.
        assertTrue(bytes < 4096, bytes + " bytes allocated by 500,000 record() calls");
        assertEquals(600_000, h.count());
    }
}
