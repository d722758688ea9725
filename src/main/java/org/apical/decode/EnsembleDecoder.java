package org.apical.decode;

import org.apical.config.DecoderConfig;
import org.apical.config.StimulusConfig;
import org.apical.core.Frame;

/**
 * P+/P− decoder: x = mean normalised activity of P+ minus that of P−, smoothed by a causal mean, calibrated to a
 * cursor (0 at the floor R, 1 at the threshold T), mapped to the grating angle (position, velocity or discrete
 * levels; {@link DecoderConfig.Mapping} describes the two rules that choose a level). It keeps the recent x in a
 * ring so that calibration at the end of the baseline period needs no copy of the stream. One instance per
 * session, used by one thread.
 */
public final class EnsembleDecoder {
    private final int[] plus;
    private final int[] minus;
    private final DecoderConfig.Mapping mapping;
    private final DecoderConfig.Calibration calibrationSpec;
    private final double start;
    private final double target;
    private final double[] smoothRing;
    private int smoothCount;
    private int smoothHead;
    private final double[] history;
    /** Discrete mode, levels_from: below_floor: the lower edge of each level, relative to the floor. */
    private final double[] edges;
    /** Discrete mode, levels_from: floor. */
    private final boolean equalBins;
    private long historyCount;
    private double floor = Double.NaN;
    private double threshold = Double.NaN;
    private double velocityAngle;
    private double lastTimestamp = Double.NaN;
    private Calibration.Result calibration;

    /** @param historyFrames how many recent frames of x to keep for calibration (the baseline length) */
    public EnsembleDecoder(DecoderConfig decoder, StimulusConfig stimulus, int historyFrames) {
        this.plus = decoder.plus().clone();
        this.minus = decoder.minus().clone();
        this.mapping = decoder.mapping();
        this.calibrationSpec = decoder.calibration();
        this.start = stimulus.startAngle();
        this.target = stimulus.targetAngle();
        this.smoothRing = new double[decoder.smoothingFrames()];
        this.history = new double[Math.max(1, historyFrames)];
        this.velocityAngle = start;
        this.edges = new double[mapping.levels()];
        this.equalBins = DecoderConfig.Mapping.FLOOR.equals(mapping.levelsFrom());
        if (!calibrationSpec.auto()) {
            floor = calibrationSpec.floor();
            threshold = calibrationSpec.threshold();
            setEdges();
        }
    }

    public void decode(Frame f) {
        double p = mean(f.norm, plus);
        double m = minus.length == 0 ? 0.0 : mean(f.norm, minus);
        double x = p - m;
        f.plus = p;
        f.minus = m;
        f.signal = x;
        history[(int) (historyCount++ % history.length)] = x;
        double s = smooth(x);
        f.smoothed = s;
        double cursor = (s - floor) / (threshold - floor);
        f.cursor = cursor;
        double dt = Double.isNaN(lastTimestamp) ? 0 : f.timestamp - lastTimestamp;
        lastTimestamp = f.timestamp;
        f.level = 0;
        if (Double.isNaN(cursor)) {
            f.decodedAngle = "velocity".equals(mapping.mode()) ? velocityAngle : start;
            return;
        }
        f.decodedAngle = switch (mapping.mode()) {
            case "discrete" -> {
                int levels = mapping.levels();
                int k = equalBins
                        ? Math.max(1, Math.min(levels, 1 + (int) Math.floor((levels - 1) * cursor)))
                        : levelBelowFloor(s - floor);
                f.level = k;
                yield clamp(start + (target - start) * (k - 1) / (levels - 1));
            }
            case "velocity" -> {
                double direction = Math.signum(target - start);
                velocityAngle = clamp(velocityAngle + direction * mapping.gain() * (cursor - mapping.center()) * dt);
                yield velocityAngle;
            }
            default -> clamp(start + mapping.gain() * (target - start) * cursor);
        };
    }

    /** A new trial starts from the start orientation (velocity mode integrates from there). */
    public void startTrial() { velocityAngle = start; }

    /**
     * Calibrates on the {@code frames} values of x before the current frame (the baseline period, which ended on the
     * previous frame). No-op unless calibration is auto.
     */
    public Calibration.Result calibrate(int frames) {
        if (!calibrationSpec.auto()) return null;
        long before = historyCount - 1; // the current frame's x is the first of the trial, not of the baseline
        int n = (int) Math.min(Math.min(frames, history.length - 1), before);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = history[(int) ((before - n + i) % history.length)];
        }
        calibration = Calibration.run(x, n, smoothRing.length, calibrationSpec.simTrials(),
                calibrationSpec.simTrialFrames(), calibrationSpec.step(), calibrationSpec.chance(),
                calibrationSpec.seed(), calibrationSpec.floorPercentile(), calibrationSpec.previousZ());
        floor = calibration.floor();
        threshold = calibration.threshold();
        setEdges();
        return calibration;
    }

    /** The highest level whose edge {@code z} (smoothed signal − floor) reaches; 1 below every edge. */
    private int levelBelowFloor(double z) {
        for (int k = edges.length - 1; k > 0; k--) if (z >= edges[k]) return k + 1;
        return 1;
    }

    /**
     * The source lab's edges, computed as its MATLAB does so that values on an edge fall the same way:
     * {@code act_bins(2:N) = linspace(R, T, N − 1) − R; act_bins(1) = act_bins(2) − (act_bins(3) − act_bins(2))}.
     */
    private void setEdges() {
        int n = edges.length;
        if (n < 3) return; // the config refuses fewer than 3 levels for this rule
        double step = (threshold - floor) / (n - 2);
        for (int i = 1; i < n; i++) {
            // linspace returns its two ends exactly
            double point = i == 1 ? floor : i == n - 1 ? threshold : floor + (i - 1) * step;
            edges[i] = point - floor;
        }
        edges[0] = edges[1] - (edges[2] - edges[1]);
    }

    public boolean calibrated() { return !Double.isNaN(threshold); }
    public double floor() { return floor; }
    public double threshold() { return threshold; }
    public Calibration.Result calibration() { return calibration; }

    private double smooth(double x) {
        if (!Double.isNaN(x)) {
            if (smoothCount < smoothRing.length) {
                smoothRing[(smoothHead + smoothCount++) % smoothRing.length] = x;
            } else {
                smoothRing[smoothHead] = x;
                smoothHead = (smoothHead + 1) % smoothRing.length;
            }
        }
        if (smoothCount == 0) return Double.NaN;
        double sum = 0;
        for (int i = 0; i < smoothCount; i++) sum += smoothRing[i];
        return sum / smoothCount;
    }

    private double clamp(double a) { return Math.max(mapping.minAngle(), Math.min(mapping.maxAngle(), a)); }

    private static double mean(double[] values, int[] idx) {
        double sum = 0;
        int n = 0;
        for (int i : idx) {
            double v = values[i];
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
