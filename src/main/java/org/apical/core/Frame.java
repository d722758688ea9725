package org.apical.core;

import java.util.Arrays;

/**
 * One preallocated slot of the frame ring. Ingest fills the sample; each stage fills its own fields in order
 * (normalise → decode → task); side consumers only read. Nothing here is allocated per frame: arrays are sized
 * once for the session's channel count, and task events (a few per trial) are the only objects that come and go.
 */
public final class Frame {
    /** Room for task events preallocated per frame; more still fit (the array grows), none is ever dropped. */
    public static final int EVENTS = 8;

    // --- ingest
    /** Session frame number, from 0. */
    public long sequence;
    /** Source timestamp in seconds (LSL clock, time-corrected into this machine's clock). */
    public double timestamp;
    /** System.nanoTime() when the sample reached Apical. */
    public long arrivalNanos;
    /** Samples the source reports missing before this one (a gap), 0 normally. */
    public long gapBefore;
    /** Raw values of the decoded channels that were NaN or infinite in this frame (left out; see Normaliser). */
    public int nonFinite;
    /** Last frame of the stream: stages finish their work, nothing else is valid. */
    public boolean endOfStream;
    /**
     * Seconds from the source timestamp to the decision, on this machine's clock (set by the task stage), or the
     * age a recording says the frame had (replay); NaN when unknown.
     */
    public double age;
    /** The frame was older than input.max_frame_age when decided: it may not produce a hit or a reward. */
    public boolean stale;
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
    public TaskEvent[] events = new TaskEvent[EVENTS];
    public int eventCount;
    public long decidedNanos;

    // --- light (set by the task stage's light plan)
    /** The light condition of this frame (its trial's, by light.schedule); false when the rig has no light. */
    public boolean lightOn;
    /** The light pulse sent on this frame (ms), 0 when none. */
    public int lightMs;
    /** Why: {@link #LIGHT_NONE}, {@link #LIGHT_FRAME}, {@link #LIGHT_HIT}, or {@link #LIGHT_REFUSED} (bounds). */
    public int lightCause;
    public static final int LIGHT_NONE = 0, LIGHT_FRAME = 1, LIGHT_HIT = 2, LIGHT_REFUSED = 3;

    // --- side consumers (set on a side consumer's own copy)
    /** Frames this side consumer missed just before this one because it fell a whole ring behind (live sessions). */
    public long skippedBefore;

    public Frame(int channels) {
        raw = new double[channels];
        norm = new double[channels];
    }

    public int channels() { return raw.length; }

    /** Adds a task event. Past {@link #EVENTS} the array grows (a rare allocation): a reward never lacks its record. */
    public void addEvent(TaskEvent e) {
        if (eventCount == events.length) events = Arrays.copyOf(events, events.length * 2);
        events[eventCount++] = e;
    }

    /** The last event of this frame, or null. */
    public TaskEvent lastEvent() { return eventCount == 0 ? null : events[eventCount - 1]; }

    /**
     * Copies everything a side consumer reads from {@code f} into this slot of the same shape. Allocation-free
     * unless {@code f} holds more events than this copy has room for.
     */
    public void copyFrom(Frame f) {
        sequence = f.sequence;
        timestamp = f.timestamp;
        arrivalNanos = f.arrivalNanos;
        gapBefore = f.gapBefore;
        nonFinite = f.nonFinite;
        endOfStream = f.endOfStream;
        age = f.age;
        stale = f.stale;
        System.arraycopy(f.raw, 0, raw, 0, raw.length);
        System.arraycopy(f.norm, 0, norm, 0, norm.length);
        normalisedNanos = f.normalisedNanos;
        plus = f.plus;
        minus = f.minus;
        signal = f.signal;
        smoothed = f.smoothed;
        cursor = f.cursor;
        decodedAngle = f.decodedAngle;
        level = f.level;
        decodedNanos = f.decodedNanos;
        state = f.state;
        display = f.display;
        angle = f.angle;
        trial = f.trial;
        rewardRequested = f.rewardRequested;
        lightOn = f.lightOn;
        lightMs = f.lightMs;
        lightCause = f.lightCause;
        int n = f.eventCount;
        if (events.length < n) events = new TaskEvent[f.events.length];
        System.arraycopy(f.events, 0, events, 0, n);
        for (int i = n; i < eventCount; i++) events[i] = null;
        eventCount = n;
        decidedNanos = f.decidedNanos;
    }

    /** Resets per-frame outputs before ingest refills the slot. */
    public void clear() {
        gapBefore = 0;
        nonFinite = 0;
        endOfStream = false;
        age = Double.NaN;
        stale = false;
        skippedBefore = 0;
        plus = minus = signal = smoothed = cursor = decodedAngle = angle = Double.NaN;
        level = 0;
        state = null;
        display = null;
        trial = 0;
        rewardRequested = false;
        lightOn = false;
        lightMs = 0;
        lightCause = LIGHT_NONE;
        for (int i = 0; i < eventCount; i++) events[i] = null;
        eventCount = 0;
        normalisedNanos = decodedNanos = decidedNanos = 0;
    }
}
