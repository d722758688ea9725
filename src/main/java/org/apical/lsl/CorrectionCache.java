package org.apical.lsl;

import java.util.concurrent.TimeoutException;

/**
 * An inlet's time correction as the ingest thread uses it: re-read every 5 s, since the inlet refreshes it in the
 * background and asking for every sample would block the thread that feeds the decisions.
 */
public final class CorrectionCache {

    /** Where the correction is read from: Apical's inlet or liblsl's. */
    @FunctionalInterface
    public interface Probe {
        double read(double timeoutSeconds) throws TimeoutException, InterruptedException;
    }

    private static final double REFRESH_SECONDS = 5;

    private final Probe probe;
    private double correction;
    private double readAt = Double.NEGATIVE_INFINITY;

    public CorrectionCache(Probe probe) { this.probe = probe; }

    /** The correction to add to a source timestamp at local time {@code now} (seconds). */
    public double at(double now) {
        if (now - readAt > REFRESH_SECONDS) {
            boolean first = readAt == Double.NEGATIVE_INFINITY;
            readAt = now;
            try {
                correction = probe.read(first ? 5 : 1);
            } catch (TimeoutException | InterruptedException e) {
                // keep the last estimate; the next refresh tries again
            }
        }
        return correction;
    }

    /** The stream's clock was reset (another outlet took over): the old correction is for the old clock. */
    public void reset() { readAt = Double.NEGATIVE_INFINITY; }
}
