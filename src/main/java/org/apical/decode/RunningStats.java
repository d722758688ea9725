package org.apical.decode;

/** Mean and standard deviation of the last {@code window} values (running sums over a ring; no allocation). */
public final class RunningStats {
    private final double[] ring;
    private int count;
    private int head;
    private double sum;
    private double sumSq;
    private int sinceResum;

    public RunningStats(int window) {
        if (window < 1) throw new IllegalArgumentException("window must be at least 1 sample, got " + window);
        ring = new double[window];
    }

    public void add(double v) {
        if (Double.isNaN(v)) return;
        if (count < ring.length) {
            ring[(head + count) % ring.length] = v;
            count++;
        } else {
            double old = ring[head];
            ring[head] = v;
            head = (head + 1) % ring.length;
            sum -= old;
            sumSq -= old * old;
        }
        sum += v;
        sumSq += v * v;
        // running sums drift by rounding over hours; recompute them exactly once per window
        if (++sinceResum >= ring.length) resum();
    }

    private void resum() {
        sinceResum = 0;
        double s = 0, q = 0;
        for (int i = 0; i < count; i++) {
            double v = ring[(head + i) % ring.length];
            s += v;
            q += v * v;
        }
        sum = s;
        sumSq = q;
    }

    public double mean() { return count == 0 ? Double.NaN : sum / count; }

    public double sd() {
        if (count < 2) return Double.NaN;
        double m = sum / count;
        return Math.sqrt(Math.max(0, (sumSq - count * m * m) / (count - 1)));
    }

    public int count() { return count; }
}
