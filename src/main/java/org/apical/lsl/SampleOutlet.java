package org.apical.lsl;

import org.apical.stream.StreamInfo;

/**
 * What Apical's own streams (decoder rows, task events, residuals) need from an outlet, so they can be Apical's
 * pure-Java {@link StreamOutlet} or liblsl's ({@link NativeOutlet}, the native backend).
 */
public interface SampleOutlet extends Draining {
    StreamInfo info();

    void pushSample(double[] values, double timestamp);

    void pushSample(String[] values, double timestamp);

    /** Consumers connected now (liblsl says only whether there are any: 0 or 1). */
    int consumerCount();

    /** Waits up to the time-out for a consumer; true if one is connected. */
    boolean waitForConsumers(double timeoutSeconds) throws InterruptedException;

    /**
     * Apical's outlet stops serving new consumers and ends each stream after the samples pushed so far, sending them
     * for up to its drain time-out; liblsl's outlet has no such step, and this does nothing for it.
     */
    @Override default void beginClose() {}

    @Override void close();
}
