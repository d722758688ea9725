package org.apical.pipeline;

import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.apical.core.Frame;
import org.apical.core.FrameSource;
import org.apical.core.StreamDescription;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;

/**
 * A benchmark source: {@code channels} fluorescence values per frame from a precomputed table (so producing a frame
 * costs one array copy), at a nominal rate, either unpaced or paced on the wall clock. When paced, the frame's arrival
 * is stamped the moment it is due, so the latency measured is the pipeline's alone.
 */
public final class SyntheticSource implements FrameSource {
    private static final int ROWS = 1024;
    private final double[][] table;
    private final long frames;
    private final double rate;
    private final boolean paced;
    private final StreamDescription description;
    private long next;
    private long startNanos;

    public SyntheticSource(int channels, double rate, long frames, boolean paced, long seed) {
        this.frames = frames;
        this.rate = rate;
        this.paced = paced;
        SplittableRandom r = new SplittableRandom(seed);
        table = new double[ROWS][channels];
        double[] z = new double[channels];
        for (int i = 0; i < ROWS; i++) {
            for (int c = 0; c < channels; c++) {
                z[c] = 0.9 * z[c] + 0.3 * r.nextGaussian();
                table[i][c] = 500 * (1 + 0.2 * Math.max(0, z[c]) + 0.02 * r.nextGaussian());
            }
        }
        String[] labels = new String[channels];
        for (int c = 0; c < channels; c++) labels[c] = "roi-" + c;
        description = new StreamDescription(StreamInfo.create("Synthetic", "Imaging", channels, rate,
                ChannelFormat.FLOAT32, "synthetic"), false, labels, new int[0], new int[0], new String[0], null, -1);
    }

    @Override public StreamDescription description() { return description; }

    @Override public boolean next(Frame f) {
        if (next >= frames) return false;
        if (paced) {
            if (next == 0) startNanos = System.nanoTime();
            long due = startNanos + (long) (next * 1e9 / rate);
            // a real source blocks on its socket until data arrives; it does not spin on a core the pipeline needs
            long wait;
            while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
        }
        System.arraycopy(table[(int) (next % ROWS)], 0, f.raw, 0, f.raw.length);
        f.timestamp = next / rate;
        f.arrivalNanos = System.nanoTime();
        next++;
        return true;
    }
}
