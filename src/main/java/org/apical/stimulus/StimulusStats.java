package org.apical.stimulus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stimulus window's timing over a session. Latency: a pipeline frame's arrival → the moment the window drew it
 * (handed it to the scene graph; the photodiode shows when light actually changed). Presentation interval: the time
 * between display pulses; a pulse later than 1.5 × the nominal interval counts the frames it skipped as missed.
 * Times in milliseconds; NaN when nothing was measured.
 */
public record StimulusStats(long framesDrawn, long pipelineFramesShown, double latencyP50Ms, double latencyP99Ms,
                            double latencyMaxMs, double nominalIntervalMs, double intervalMeanMs,
                            double intervalP99Ms, double intervalMaxMs, long missedFrames, double renderP50Ms,
                            double renderP99Ms, double renderMaxMs, long logDropped) {

    /** One line for the operator. */
    public String summary() {
        return String.format("stimulus: %d display frames drawn, %d pipeline frames shown; latency arrival→drawn p50 %.2f ms,"
                        + " p99 %.2f ms, max %.2f ms; interval mean %.2f ms (nominal %.2f), p99 %.2f ms, %d missed frames;"
                        + " draw p99 %.2f ms%s",
                framesDrawn, pipelineFramesShown, latencyP50Ms, latencyP99Ms, latencyMaxMs, intervalMeanMs,
                nominalIntervalMs, intervalP99Ms, missedFrames, renderP99Ms,
                logDropped > 0 ? "; " + logDropped + " draw-log entries dropped (recorder behind)" : "");
    }

    /** For {@code --json} summaries (NaN becomes null). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames_drawn", framesDrawn);
        m.put("pipeline_frames_shown", pipelineFramesShown);
        m.put("latency_p50_ms", num(latencyP50Ms));
        m.put("latency_p99_ms", num(latencyP99Ms));
        m.put("latency_max_ms", num(latencyMaxMs));
        m.put("nominal_interval_ms", num(nominalIntervalMs));
        m.put("interval_mean_ms", num(intervalMeanMs));
        m.put("interval_p99_ms", num(intervalP99Ms));
        m.put("interval_max_ms", num(intervalMaxMs));
        m.put("missed_frames", missedFrames);
        m.put("render_p50_ms", num(renderP50Ms));
        m.put("render_p99_ms", num(renderP99Ms));
        m.put("render_max_ms", num(renderMaxMs));
        m.put("draw_log_dropped", logDropped);
        return m;
    }

    private static Object num(double v) { return Double.isFinite(v) ? v : null; }
}
