package org.apical.stream;

import java.util.Set;

/**
 * The names of the streams Apical itself writes into a session file (and publishes on LSL), so that a reader can
 * tell them from the recorded input: the input is the numeric stream that is none of these.
 */
public final class ApicalStreams {
    public static final String DECODER = "ApicalDecoder";
    public static final String EVENTS = "ApicalEvents";
    public static final String REWARDS = "ApicalRewards";
    public static final String CONFIG = "ApicalConfig";
    public static final String STIMULUS = "ApicalStimulus";
    public static final String RESIDUALS = "ApicalResiduals";
    public static final String RESIDUAL_EVENTS = "ApicalResidualEvents";
    /**
     * The counts per unit a session binned from a spike-event input, as its decoder saw them. Not in {@link #OWN}: in
     * a spike-event session file it is the input to replay (the raw events are recorded beside it).
     */
    public static final String SPIKE_BINS = "ApicalSpikeBins";
    /** Light pulses and condition changes: frame, light_on, pulse_ms, cause (1 frame, 2 hit, 3 refused). */
    public static final String LIGHT = "ApicalLight";
    /** Licks as reported: the running count, stamped with the lick's time. */
    public static final String LICKS = "ApicalLicks";

    public static final Set<String> OWN = Set.of(DECODER, EVENTS, REWARDS, CONFIG, STIMULUS, RESIDUALS,
            RESIDUAL_EVENTS, LIGHT, LICKS);

    private ApicalStreams() {}

    /** True for a stream Apical wrote (not a recorded input). */
    public static boolean own(String name) { return OWN.contains(name); }
}
