package org.apical.config;

/**
 * How the soma–dendrite residuals are computed (rig file, {@code residuals:}), online beside the loop and offline by
 * {@code analyze residuals}. Every pair of the stream is processed, whichever neurons the decoder uses.
 * <ul>
 *   <li>{@code baseline}: each compartment's own F0, a running percentile over a window (its dF/F is separate from
 *       the decoder's, which normalises only the ensembles);</li>
 *   <li>{@code events}: a somatic event is a rise of the soma's dF/F by {@code threshold} noise SDs within
 *       {@code rise}, its amplitude the peak minus the minimum in the {@code lookback} before the peak; events are at
 *       least {@code min_spacing} apart; its dendritic amplitude is the dendrite's peak minus its preceding minimum
 *       between the soma's minimum and {@code window} after the soma's peak;</li>
 *   <li>{@code fit}: D = a + b·S on the reference period ({@code baseline}: the task's baseline; {@code running}:
 *       every event, older ones forgotten with a half-life in events), ordinary least squares or robust (Huber);
 *       a pair with fewer than {@code min_events} events on the baseline extends its reference until it has them;</li>
 *   <li>{@code classify_sds}: a residual beyond this many residual SDs is amplified (positive) or attenuated.</li>
 * </ul>
 */
public record ResidualSection(boolean enabled, double baselinePercentile, Duration baselineWindow, int smoothingFrames,
                              double threshold, Duration rise, Duration lookback, Duration minSpacing, Duration window,
                              boolean coincidentOnly, String reference, double halfLifeEvents, boolean robust,
                              int minEvents, double classifySds) {

    public static final String BASELINE = "baseline";
    public static final String RUNNING = "running";

    public static ResidualSection defaults() {
        return read(ConfigNode.parse("{}", "(defaults)", new Problems()));
    }

    public boolean running() { return RUNNING.equals(reference); }

    static ResidualSection read(ConfigNode n) {
        boolean enabled = n.bool("enabled", true);
        ConfigNode b = n.child("baseline");
        double percentile = b.number("percentile", 10, 0, 100);
        Duration window = positive(b, "window", Duration.seconds(60));
        b.finish();
        int smoothing = n.integer("smoothing_frames", 3, 1, 100);
        ConfigNode e = n.child("events");
        double threshold = e.number("threshold", 2.5, 0.1, 100);
        Duration rise = positive(e, "rise", Duration.seconds(0.3));
        Duration lookback = positive(e, "lookback", Duration.seconds(1));
        Duration spacing = positive(e, "min_spacing", Duration.seconds(1));
        Duration coincidence = positive(e, "window", Duration.frames(1));
        boolean coincidentOnly = e.bool("coincident_only", false);
        e.finish();
        ConfigNode f = n.child("fit");
        String reference = f.choice("reference", BASELINE, BASELINE, RUNNING);
        double halfLife = f.number("half_life_events", 200, 1, 1e9);
        boolean robust = f.bool("robust", false);
        int minEvents = f.integer("min_events", 10, 3, 1_000_000);
        f.finish();
        double sds = n.number("classify_sds", 2, 0.1, 100);
        n.finish();
        return new ResidualSection(enabled, percentile, window, smoothing, threshold, rise, lookback, spacing,
                coincidence, coincidentOnly, reference, halfLife, robust, minEvents, sds);
    }

    private static Duration positive(ConfigNode n, String key, Duration fallback) {
        Duration d = Duration.read(n, key, fallback);
        if (d.value() <= 0) {
            n.problem(key, "must be longer than zero, found '" + d + "'");
            return fallback;
        }
        return d;
    }

    /** The duration in frames at {@code rate} (at least one). */
    public static int frames(Duration d, double rate) {
        return (int) Math.max(1, d.inFrames() ? d.value() : Math.round(d.value() * rate));
    }
}
