package org.apical.stimulus;

import org.apical.core.LatencyHistogram;

/**
 * Collects the stimulus window's timing, one call per drawn display frame, on the window's thread: latency of
 * newly shown pipeline frames, presentation intervals with missed frames, and the renderer's own draw time.
 */
public final class FrameTiming {
    private final long nominalNanos;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final LatencyHistogram interval = new LatencyHistogram();
    private final LatencyHistogram render = new LatencyHistogram();
    private long frames;
    private long missed;
    private long lastPulse = Long.MIN_VALUE;
    private long lastPipelineFrame = -1;

    public FrameTiming(double refreshHz) {
        nominalNanos = Math.round(1e9 / refreshHz);
    }

    /**
     * @param pulseNanos    the display pulse's time (AnimationTimer's {@code now})
     * @param pipelineFrame the frame shown (-1: none yet)
     * @param arrivalNanos  when that frame arrived
     * @param drawnNanos    when drawing finished
     * @param renderNanos   how long the renderer took
     */
    public void onFrame(long pulseNanos, long pipelineFrame, long arrivalNanos, long drawnNanos, long renderNanos) {
        frames++;
        if (lastPulse != Long.MIN_VALUE) {
            long dt = pulseNanos - lastPulse;
            interval.record(dt);
            if (dt > nominalNanos * 3 / 2) missed += Math.max(1, Math.round((double) dt / nominalNanos) - 1);
        }
        lastPulse = pulseNanos;
        if (pipelineFrame >= 0 && pipelineFrame != lastPipelineFrame) {
            latency.record(drawnNanos - arrivalNanos);
            lastPipelineFrame = pipelineFrame;
        }
        render.record(renderNanos);
    }

    public StimulusStats stats(long logDropped) {
        return new StimulusStats(frames, latency.count(), ms(latency, 0.5), ms(latency, 0.99),
                maxMs(latency), nominalNanos / 1e6, meanMs(interval), ms(interval, 0.99), maxMs(interval),
                missed, ms(render, 0.5), ms(render, 0.99), maxMs(render), logDropped);
    }

    /** The q-quantile in milliseconds, NaN when nothing was recorded. */
    private static double ms(LatencyHistogram h, double q) { return h.count() == 0 ? Double.NaN : h.quantile(q) / 1e6; }

    private static double maxMs(LatencyHistogram h) { return h.count() == 0 ? Double.NaN : h.max() / 1e6; }

    private static double meanMs(LatencyHistogram h) { return h.count() == 0 ? Double.NaN : h.meanNanos() / 1e6; }
}
