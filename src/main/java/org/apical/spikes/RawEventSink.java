package org.apical.spikes;

/**
 * Where a spike-event source hands every event as received (time-corrected stamp, all its channels), so the session
 * file keeps the raw stream beside the bins. Called on the source's thread; an implementation copies and returns.
 */
public interface RawEventSink {
    void numeric(double timestamp, double[] sample);

    void text(double timestamp, String[] sample);
}
