package org.apical.stimulus;

/**
 * Collects the stimulus window's timing, one call per drawn display frame, on the window's thread: latency of
 * newly shown pipeline frames, presentation intervals with missed frames, and the renderer's own draw time.
 */
public final class FrameTiming {
    private final long nominalNanos;
    private final Histogram latency = new Histogram();
    private final Histogram interval = new Histogram();
    private final Histogram render = new Histogram();
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
        return new StimulusStats(frames, latency.count(), latency.quantileMs(0.5), latency.quantileMs(0.99),
                latency.maxMs(), nominalNanos / 1e6, interval.meanMs(), interval.quantileMs(0.99), interval.maxMs(),
                missed, render.quantileMs(0.5), render.quantileMs(0.99), render.maxMs(), logDropped);
    }
}
