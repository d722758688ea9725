package org.apical.config;

import java.util.List;

/**
 * A decoder definition ({@code decoders/NAME.yaml}): which ROIs form P+ and P−, how activity is normalised,
 * smoothed and calibrated, how the cursor maps to the grating angle, and the trial timings it was designed with.
 */
public record DecoderConfig(String name, String file, String text, int[] plus, int[] minus,
                            Normalise normalise, int smoothingFrames, Mapping mapping, Calibration calibration,
                            TaskTiming task, List<String> plusLabels, List<String> minusLabels,
                            Provenance provenance) {

    /**
     * Where a calibrated definition's floor and threshold came from ({@code apical pilot calibrate} writes it): the
     * baseline recording and its SHA-256, the chance level asked for, the rule, T, R and z, and when. Null when the
     * file has no {@code provenance} block.
     */
    public record Provenance(String source, String sha256, double chance, String rule, double threshold, double floor,
                             double z, double gain, long baselineFrames, String date) {}

    /** dF/F (imaging) with a running baseline, or a running z-score (spikes). */
    public record Normalise(String method, String baseline, double percentile, Duration window, boolean zscore) {}

    /**
     * Cursor → angle. {@code position}: angle = start + gain·(target − start)·cursor; {@code velocity}: the angle
     * turns at gain·(cursor − center) degrees per second; {@code discrete}: {@code levels} orientations, level k at
     * start + (target − start)·(k − 1)/(levels − 1), the level chosen by {@code levelsFrom}:
     * {@value #BELOW_FLOOR} (the source lab's rule: edges at the levels − 1 evenly spaced points from the floor R to
     * the threshold T, plus one edge a step below R; the level is the highest edge reached, 1 below them all, so the
     * floor shows level 2 and level 1 only appears below the floor) or {@value #FLOOR} (equal bins from the floor:
     * level 1 + ⌊(levels − 1)·cursor⌋). Angles are clamped to [min, max].
     */
    public record Mapping(String mode, double gain, double center, int levels, String levelsFrom, double minAngle,
                          double maxAngle) {
        public static final String BELOW_FLOOR = "below_floor";
        public static final String FLOOR = "floor";
    }

    /**
     * The cursor is (smoothed signal − floor) / (threshold − floor): 0 at the floor R, 1 at the threshold T.
     * {@code auto}: R and T come from the session's baseline period (the reference lab's procedure).
     */
    public record Calibration(boolean auto, double floor, double threshold, double chance, int simTrials,
                              int simTrialFrames, double step, boolean floorFailure, long seed,
                              double floorPercentile, double previousZ) {}

    /** Trial structure; see {@link org.apical.task.TrialStateMachine}. */
    public record TaskTiming(Duration baseline, Duration lead, Duration trialLength, Duration hold,
                             Duration rewardDelay, Duration postHit, Duration iti, Duration timeoutIti,
                             Duration floorDisplay, int maxTrials) {}

    public static DecoderConfig read(ConfigNode n, String text) {
        String name = n.string("name", RigConfig.stem(n.file()));
        ConfigNode e = n.child("ensembles");
        if (!e.has("plus")) e.problem("plus", "is required: the ROI indices of the P+ ensemble, e.g. [0, 1, 2, 3]");
        if (!e.has("minus")) e.problem("minus", "is required: the ROI indices of the P− ensemble, e.g. [4, 5, 6, 7]");
        // an ensemble is ROI indices, or labels from the stream's channel map (resolved against the stream)
        List<String> plusLabels = e.isTextList("plus") ? e.stringList("plus", List.of()) : List.of();
        List<String> minusLabels = e.isTextList("minus") ? e.stringList("minus", List.of()) : List.of();
        int[] plus = plusLabels.isEmpty() ? e.intList("plus", new int[0], 0, 1_000_000) : new int[0];
        int[] minus = minusLabels.isEmpty() ? e.intList("minus", new int[0], 0, 1_000_000) : new int[0];
        e.finish();
        if (e.has("plus") && plus.length == 0 && plusLabels.isEmpty()) {
            n.problem("ensembles.plus", "must name at least one ROI");
        }
        for (String p : plusLabels) if (minusLabels.contains(p)) n.problem("ensembles", "channel '" + p + "' is in both P+ and P−");
        for (int p : plus) for (int m : minus) {
            if (p == m) n.problem("ensembles", "ROI " + p + " is in both P+ and P−");
        }

        ConfigNode nn = n.child("normalise");
        String method = nn.choice("method", "dff", "dff", "zscore");
        String baseline = nn.choice("baseline", "percentile", "percentile", "mean");
        double percentile = nn.number("percentile", 10, 0, 100);
        Duration window = Duration.read(nn, "window", Duration.seconds(30));
        if (window.value() <= 0) nn.problem("window", "must be longer than zero");
        boolean z = nn.bool("zscore", false);
        nn.finish();

        int smoothing = n.integer("smoothing_frames", 3, 1, 10_000);

        ConfigNode m = n.child("mapping");
        String mode = m.choice("mode", "position", "position", "velocity", "discrete");
        double gain = m.number("gain", 1, -1e6, 1e6);
        double center = m.number("center", 0.5, -1e6, 1e6);
        int levels = m.integer("levels", 7, 2, 1000);
        String levelsFrom = m.choice("levels_from", Mapping.BELOW_FLOOR, Mapping.BELOW_FLOOR, Mapping.FLOOR);
        if (mode.equals("discrete") && levelsFrom.equals(Mapping.BELOW_FLOOR) && levels < 3) {
            m.problem("levels", "must be at least 3 with levels_from: " + Mapping.BELOW_FLOOR
                    + " (one level below the floor, one at the threshold, one between), found " + levels);
        }
        double min = m.number("min_angle", -180, -3600, 3600);
        double max = m.number("max_angle", 180, -3600, 3600);
        if (min >= max) m.problem("max_angle", "must be above min_angle (" + min + "), found " + max);
        m.finish();

        ConfigNode c = n.child("calibration");
        boolean auto = c.bool("auto", true);
        double floor = c.number("floor", 0, -1e9, 1e9);
        double threshold = c.number("threshold", 1, -1e9, 1e9);
        if (!auto && !(threshold > floor)) {
            c.problem("threshold", "must be above floor (" + floor + ") when auto is false, found " + threshold);
        }
        double chance = c.number("chance", 0.5, 0.01, 0.99);
        int simTrials = c.integer("simulated_trials", 200, 10, 100_000);
        int simFrames = c.integer("simulated_trial_frames", 750, 10, 1_000_000);
        double step = c.number("step", 0.005, 1e-9, 1e6);
        boolean floorFailure = c.bool("floor_failure", false);
        long seed = c.longInteger("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        double floorPercentile = c.number("floor_percentile", 0, 0, 50);
        double previousZ = c.number("previous_z", Double.NaN, -100, 100);
        c.finish();

        ConfigNode t = n.child("task");
        TaskTiming timing = new TaskTiming(
                Duration.read(t, "baseline", Duration.seconds(60)),
                Duration.read(t, "lead", Duration.ZERO),
                Duration.read(t, "trial_length", Duration.seconds(30)),
                Duration.read(t, "hold", Duration.ZERO),
                Duration.read(t, "reward_delay", Duration.ZERO),
                Duration.read(t, "post_hit", Duration.seconds(1)),
                Duration.read(t, "iti", Duration.seconds(2)),
                Duration.read(t, "timeout_iti", Duration.seconds(3)),
                Duration.read(t, "floor_display", Duration.seconds(2)),
                t.integer("max_trials", 0, 0, 1_000_000));
        if (timing.trialLength().value() <= 0) t.problem("trial_length", "must be longer than zero");
        t.finish();
        Provenance provenance = n.has("provenance") ? provenance(n.child("provenance")) : null;
        n.finish();
        return new DecoderConfig(name, n.file(), text, plus, minus,
                new Normalise(method, baseline, percentile, window, z), smoothing,
                new Mapping(mode, gain, center, levels, levelsFrom, min, max),
                new Calibration(auto, floor, threshold, chance, simTrials, simFrames, step, floorFailure, seed,
                        floorPercentile, previousZ),
                timing, plusLabels, minusLabels, provenance);
    }

    private static Provenance provenance(ConfigNode p) {
        Provenance v = new Provenance(p.string("source", ""), p.string("sha256", ""), p.number("chance", Double.NaN, 0, 1),
                p.string("rule", ""), p.number("threshold", Double.NaN, -1e12, 1e12),
                p.number("floor", Double.NaN, -1e12, 1e12), p.number("z", Double.NaN, -1e6, 1e6),
                p.number("gain", Double.NaN, -1e6, 1e6), p.longInteger("baseline_frames", 0, 0, Long.MAX_VALUE),
                p.string("date", ""));
        p.finish();
        return v;
    }

    /** The same definition with other ensembles (ROI indices), e.g. one candidate of a sweep. */
    public DecoderConfig withEnsembles(int[] newPlus, int[] newMinus) {
        return new DecoderConfig(name, file, text, newPlus.clone(), newMinus.clone(), normalise, smoothingFrames,
                mapping, calibration, task, List.of(), List.of(), provenance);
    }

    /**
     * Ensembles given as channel labels, turned into ROI indices by the stream's labels; unchanged when the file gives
     * indices. A label the stream does not have is an error naming the file, the field and the stream.
     *
     * @param streamWhat how to name the stream in a message, e.g. "stream 'Imaging' of day3.xdf"
     */
    public DecoderConfig withLabelsResolved(String[] labels, String streamWhat) {
        if (plusLabels.isEmpty() && minusLabels.isEmpty()) return this;
        Problems p = new Problems();
        int[] newPlus = resolve(plusLabels, "ensembles.plus", labels, streamWhat, p);
        int[] newMinus = minusLabels.isEmpty() ? minus : resolve(minusLabels, "ensembles.minus", labels, streamWhat, p);
        if (plusLabels.isEmpty()) newPlus = plus;
        p.throwIfAny();
        return withEnsembles(newPlus, newMinus);
    }

    private int[] resolve(List<String> wanted, String field, String[] labels, String streamWhat, Problems p) {
        int[] out = new int[wanted.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = -1;
            for (int c = 0; c < labels.length; c++) {
                if (labels[c].equals(wanted.get(i))) {
                    out[i] = c;
                    break;
                }
            }
            if (out[i] < 0) {
                p.add(file, field + "[" + i + "]", "no channel labelled '" + wanted.get(i) + "' in " + streamWhat
                        + " (" + labels.length + " channels; labels " + sample(labels) + ")");
            }
        }
        return out;
    }

    private static String sample(String[] labels) {
        int n = Math.min(labels.length, 6);
        String head = String.join(", ", java.util.Arrays.copyOf(labels, n));
        return labels.length > n ? head + ", …" : head;
    }
}
