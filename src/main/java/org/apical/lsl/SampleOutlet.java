package org.apical.lsl;

import org.apical.stream.StreamInfo;

/**
 * What Apical's own streams (decoder rows, task events, residuals) need from an outlet, so they can be Apical's
 * pure-Java {@link StreamOutlet} or liblsl's ({@link NativeOutlet}, the native backend).
 */
public interface SampleOutlet extends AutoCloseable {
    StreamInfo info();

    void pushSample(double[] values, double timestamp);

    void pushSample(String[] values, double timestamp);

    /** Consumers connected now (liblsl says only whether there are any: 0 or 1). */
    int consumerCount();

    /** Waits up to the time-out for a consumer; true if one is connected. */
    boolean waitForConsumers(double timeoutSeconds) throws InterruptedException;

    @Override void close();
}
