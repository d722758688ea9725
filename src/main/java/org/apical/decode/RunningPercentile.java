package org.apical.decode;

/**
 * The percentile of the last {@code window} values, updated every sample including the current one. Keeps the
 * window sorted: a new value replaces the oldest with one shift of the values between their two positions, so an
 * update costs O(distance) memory moves and allocates nothing.
 */
public final class RunningPercentile {
    private final double percentile;
    private final double[] sorted;
    private final double[] fifo;
    private int count;
    private int head;

    public RunningPercentile(int window, double percentile) {
        if (window < 1) throw new IllegalArgumentException("window must be at least 1 sample, got " + window);
        this.percentile = percentile;
        this.sorted = new double[window];
        this.fifo = new double[window];
    }

    /**
     * Adds {@code v} (dropping the oldest when full) and returns the window's percentile. NaN is ignored; −0.0 is
     * stored as 0.0, so that the window holds one zero and its order has no ties that a search could tell apart.
     */
    public double add(double v) {
        if (Double.isNaN(v)) return value();
        if (v == 0) v = 0.0;
        if (count < fifo.length) {
            fifo[(head + count) % fifo.length] = v;
            int at = insertionPoint(v, count);
            System.arraycopy(sorted, at, sorted, at + 1, count - at);
            sorted[at] = v;
            count++;
        } else {
            double old = fifo[head];
            fifo[head] = v;
            head = (head + 1) % fifo.length;
            int from = indexOf(old);
            int to = insertionPoint(v, count);
            if (to > from) {
                to--; // the removed slot shifts everything above it down by one
                System.arraycopy(sorted, from + 1, sorted, from, to - from);
            } else if (to < from) {
                System.arraycopy(sorted, to, sorted, to + 1, from - to);
            }
            sorted[to] = v;
        }
        return value();
    }

    public double value() { return Percentile.ofSorted(sorted, count, percentile); }

    public int count() { return count; }

    public void reset() {
        count = 0;
        head = 0;
    }

    private int insertionPoint(double v, int n) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /** The first slot holding {@code v}, found with the same primitive comparison the insertion uses. */
    private int indexOf(double v) {
        int lo = 0, hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) lo = mid + 1; else hi = mid;
        }
        if (lo == count || sorted[lo] != v) throw new IllegalStateException("running percentile lost track of " + v);
        return lo;
    }
}
