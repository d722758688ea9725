package org.apical.spikes;

import java.util.Arrays;

/**
 * Spike events → counts per unit on a regular clock: bin k holds the spikes stamped in [k·bin, (k + 1)·bin) on the
 * events' own clock, and closes only once the watermark (the time up to which events are known to have arrived: this
 * machine's clock live, the stream's own time offline) passes its end by the lateness allowed, so a packet that
 * arrives late or out of order still counts in the bin it belongs to. The one binning code for live sessions, the
 * simulated rig and recordings.
 *
 * <p>Open bins are a preallocated ring; adding a spike is an index computation and an increment, and closing a bin
 * copies it out: nothing allocates per event or per bin. A spike for a bin already closed is counted as late, one
 * beyond the ring (a clock far ahead) as ahead, an id no unit has (channel −1) as unknown; none is fatal and none is
 * put in a wrong bin.
 */
public final class SpikeBinner {
    private final double bin;
    private final double latency;
    private final int units;
    private final int slots;
    private final double[][] open;
    private final long[] perUnit;
    private boolean started;
    private long nextBin;
    private long counted, late, ahead, unknown;

    /**
     * @param binSeconds     bin width
     * @param latencySeconds how long after its end a bin stays open for late events
     */
    public SpikeBinner(double binSeconds, double latencySeconds, int units) {
        if (!(binSeconds > 0) || !(latencySeconds >= 0) || units < 1) {
            throw new IllegalArgumentException("bin " + binSeconds + " s, latency " + latencySeconds + " s, units " + units);
        }
        this.bin = binSeconds;
        this.latency = latencySeconds;
        this.units = units;
        // the bins the lateness can keep open, the one being filled, and room for a clock a few bins ahead
        this.slots = (int) Math.ceil(latencySeconds / binSeconds) + 8;
        this.open = new double[slots][units];
        this.perUnit = new long[units];
    }

    /** Starts the grid at the bin holding time {@code t}: earlier events are late. Without it, the first event does. */
    public void start(double t) {
        if (started) return;
        started = true;
        nextBin = binOf(t);
    }

    public boolean started() { return started; }

    private long binOf(double t) { return (long) Math.floor(t / bin); }

    /**
     * Counts one spike of bin channel {@code channel} (−1: unknown unit) stamped {@code t}.
     *
     * @return true when it landed in a bin
     */
    public boolean add(int channel, double t) {
        if (channel < 0) {
            unknown++;
            return false;
        }
        if (!started) start(t);
        if (!(t == t)) {
            late++; // a NaN stamp belongs to no bin
            return false;
        }
        long k = binOf(t);
        if (k < nextBin) {
            late++;
            return false;
        }
        if (k - nextBin >= slots) {
            ahead++;
            return false;
        }
        open[(int) Math.floorMod(k, (long) slots)][channel]++;
        perUnit[channel]++;
        counted++;
        return true;
    }

    /** The watermark at which the next bin closes: its end plus the lateness. */
    public double nextCloseTime() { return (nextBin + 1) * bin + latency; }

    /** End time of the next bin to close (the stamp its counts carry). */
    public double nextBinEnd() { return (nextBin + 1) * bin; }

    /**
     * Closes the next bin if the watermark has passed its close time: its counts go into {@code out[0..units)} and
     * its slot is cleared for a later bin.
     */
    public boolean closeIfDue(double watermark, double[] out) {
        if (!started || watermark < nextCloseTime()) return false;
        double[] slot = open[(int) Math.floorMod(nextBin, (long) slots)];
        System.arraycopy(slot, 0, out, 0, units);
        Arrays.fill(slot, 0);
        nextBin++;
        return true;
    }

    public int units() { return units; }

    public double binSeconds() { return bin; }

    public double latencySeconds() { return latency; }

    /** Spikes counted in a bin so far. */
    public long counted() { return counted; }

    /** Spikes that arrived after their bin had closed. */
    public long late() { return late; }

    /** Spikes stamped further ahead than the open bins reach. */
    public long ahead() { return ahead; }

    /** Spikes whose unit id no bin channel has. */
    public long unknown() { return unknown; }

    /** Spikes counted for bin channel {@code c} so far. */
    public long countOf(int c) { return perUnit[c]; }
}
