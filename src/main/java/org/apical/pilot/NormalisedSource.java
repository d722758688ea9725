package org.apical.pilot;

import org.apical.core.Frame;
import org.apical.core.FrameSource;
import org.apical.core.StreamDescription;

/**
 * A recording in memory as a session's source, its frames already normalised for the decoder's channels (see
 * {@link org.apical.session.Session#normalisedBySource}): the recorded timestamps, lost samples and ages, and each
 * channel's dF/F. Allocates nothing per frame.
 */
final class NormalisedSource implements FrameSource {
    private final StreamDescription description;
    private final double[] timestamps;
    private final long[] gaps;
    private final double[] ages;
    private final int[] channels;
    private final double[][] series;
    private int rotateFrom = Integer.MAX_VALUE;
    private int rotateBy;
    private int next;

    NormalisedSource(StreamDescription description, double[] timestamps, long[] gaps, double[] ages, int[] channels,
                     double[][] series) {
        this.description = description;
        this.timestamps = timestamps;
        this.gaps = gaps;
        this.ages = ages;
        this.channels = channels;
        this.series = series;
    }

    /**
     * From frame {@code from} on, hands out the activity of frame {@code from + (i − from + by) mod (n − from)}
     * instead of frame i's: the recorded activity decoupled from the trials the animal was doing, on the same task
     * clock. Each frame's dF/F is still the one computed on its own past.
     */
    NormalisedSource rotated(int from, int by) {
        this.rotateFrom = from;
        this.rotateBy = by;
        return this;
    }

    @Override public StreamDescription description() { return description; }

    @Override public boolean next(Frame f) {
        int i = next;
        if (i >= timestamps.length) return false;
        f.timestamp = timestamps[i];
        f.gapBefore = gaps[i];
        if (ages != null) f.age = ages[i];
        int j = i < rotateFrom ? i : rotateFrom + (i - rotateFrom + rotateBy) % (timestamps.length - rotateFrom);
        for (int k = 0; k < channels.length; k++) f.norm[channels[k]] = series[k][j];
        next = i + 1;
        return true;
    }
}
