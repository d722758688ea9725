package org.apical.pipeline;

import java.util.Arrays;
import org.apical.task.Display;
import org.apical.task.TaskEvent;
import org.apical.task.TaskState;

/**
 * One preallocated slot of the frame ring. Ingest fills the sample; each stage fills its own fields in order
 * (normalise → decode → task); side consumers only read. Nothing here is allocated per frame: arrays are sized
 * once for the session's channel count, and task events (a few per trial) are the only objects that come and go.
 */
public final class Frame {
    public static final int MAX_EVENTS = 8;

    // --- ingest
    /** Session frame number, from 0. */
    public long sequence;
    /** Source timestamp in seconds (LSL clock, time-corrected into this machine's clock). */
    public double timestamp;
    /** System.nanoTime() when the sample reached Apical. */
    public long arrivalNanos;
    /** Samples the source reports missing before this one (a gap), 0 normally. */
    public long gapBefore;
    /** Last frame of the stream: stages finish their work, nothing else is valid. */
    public boolean endOfStream;
    public final double[] raw;

    // --- normalise
    /** dF/F (imaging) or z-scored rate (spikes) per channel. */
    public final double[] norm;
    public long normalisedNanos;

    // --- decode
    public double plus;
    public double minus;
    /** x = mean P+ − mean P−. */
    public double signal;
    /** The smoothed signal. */
    public double smoothed;
    /** (smoothed − floor) / (threshold − floor): 0 at the floor, 1 at the threshold. NaN before calibration. */
    public double cursor;
    /** The orientation the decoder asks for (degrees). */
    public double decodedAngle;
    /** Discrete level (1..levels) in discrete mode, else 0. */
    public int level;
    public long decodedNanos;

    // --- task
    public TaskState state;
    public Display display;
    /** The orientation shown (degrees): the decoded angle during feedback, fixed otherwise. */
    public double angle;
    public int trial;
    public boolean rewardRequested;
    public final TaskEvent[] events = new TaskEvent[MAX_EVENTS];
    public int eventCount;
    public long decidedNanos;

    // --- residual side stage
    public final double[] residuals;

    public Frame(int channels, int pairs) {
        raw = new double[channels];
        norm = new double[channels];
        residuals = new double[Math.max(pairs, 0)];
    }

    public int channels() { return raw.length; }

    public void addEvent(TaskEvent e) {
        if (eventCount < MAX_EVENTS) events[eventCount++] = e;
    }

    /** Resets per-frame outputs before ingest refills the slot. */
    public void clear() {
        gapBefore = 0;
        endOfStream = false;
        plus = minus = signal = smoothed = cursor = decodedAngle = angle = Double.NaN;
        level = 0;
        state = null;
        display = null;
        trial = 0;
        rewardRequested = false;
        for (int i = 0; i < eventCount; i++) events[i] = null;
        eventCount = 0;
        normalisedNanos = decodedNanos = decidedNanos = 0;
        Arrays.fill(residuals, Double.NaN);
    }
}
