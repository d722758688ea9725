package org.apical.pilot;

import org.apical.config.DecoderConfig;
import org.apical.config.StimulusConfig;
import org.apical.core.Frame;
import org.apical.core.Stage;
import org.apical.core.TaskState;

/**
 * Where the grating spent the feedback frames (state TRIAL): per level in discrete mode, else in ten bins of the way
 * from the start orientation (bin 1) to the target (bin 10). Fed live frames as a decision observer, or a
 * recording's own decoder rows.
 */
final class Occupancy implements Stage {
    static final int ANGLE_BINS = 10;

    private final boolean levels;
    private final double start;
    private final double target;
    private final long[] counts;
    private long frames;

    Occupancy(DecoderConfig d, StimulusConfig s) {
        this.levels = "discrete".equals(d.mapping().mode());
        this.start = s.startAngle();
        this.target = s.targetAngle();
        this.counts = new long[levels ? d.mapping().levels() : ANGLE_BINS];
    }

    @Override public void onFrame(Frame f) { add(f.state, f.level, f.angle); }

    void add(TaskState state, int level, double angle) {
        if (state != TaskState.TRIAL) return;
        int bin;
        if (levels) {
            bin = Math.max(1, Math.min(counts.length, level)) - 1;
        } else {
            double way = (angle - start) / (target - start);
            if (Double.isNaN(way)) return;
            bin = (int) Math.floor(Math.max(0, Math.min(0.999999, way)) * ANGLE_BINS);
        }
        counts[bin]++;
        frames++;
    }

    /** "level" or "angle". */
    String kind() { return levels ? "level" : "angle"; }

    /** Fractions of the feedback frames per bin (all 0 without any). */
    double[] fractions() {
        double[] out = new double[counts.length];
        for (int i = 0; i < out.length; i++) out[i] = frames == 0 ? 0 : counts[i] / (double) frames;
        return out;
    }
}
