package org.apical.replay;

import org.apical.core.DecoderRow;
import org.apical.core.Frame;
import org.apical.core.FrameSource;
import org.apical.core.GapCounter;
import org.apical.core.StreamDescription;
import org.apical.sim.Pacer;
import org.apical.stream.ChannelFormat;
import org.apical.xdf.SampleValues;
import org.apical.xdf.XdfStream;

/**
 * A recorded input stream as the session's source, with its recorded timestamps (the frames' own clock), as fast as
 * the pipeline takes it or paced on the wall clock. The recording holds what the live session received, so the samples
 * lost before it are counted again, the same way ({@link GapCounter}). When the recording holds the age each frame
 * had when the live session decided it ({@code ApicalDecoder}'s {@code age}), the replay gives it back, so frames
 * that were too old to reward then are too old now: the same decisions.
 */
public final class XdfFrameSource implements FrameSource {
    private final XdfStream stream;
    private final StreamDescription description;
    private final Pacer pacer;
    private final double[] stamps;
    private final XdfStream recordedDecoder;
    private final GapCounter gaps;
    private int[] copied;
    private int next;

    public XdfFrameSource(XdfStream stream, StreamDescription description, Pacer pacer) {
        this(stream, description, pacer, null);
    }

    /** @param recordedDecoder the recording's ApicalDecoder stream (for the frames' recorded age), or null */
    public XdfFrameSource(XdfStream stream, StreamDescription description, Pacer pacer, XdfStream recordedDecoder) {
        this.stream = stream;
        this.description = description;
        this.pacer = pacer;
        this.stamps = stream.rawTimestamps();
        this.recordedDecoder = recordedDecoder != null && recordedDecoder.header().channelCount() > DecoderRow.AGE
                && alignedPrefix(recordedDecoder.rawTimestamps(), stamps) ? recordedDecoder : null;
        this.gaps = new GapCounter(description.nominalRate(), description.indexChannel(),
                GapCounter.exactIntegersBelow(stream.header().channelFormat() == ChannelFormat.FLOAT32));
    }

    /**
     * True when the decoder stream's frames are the input's, from the first: the same timestamps at the start and
     * where the shorter ends (a file cut short ends its streams at different frames; a stream that lost samples
     * would be out of step).
     */
    private static boolean alignedPrefix(double[] decoder, double[] input) {
        int n = Math.min(decoder.length, input.length);
        return n > 0 && decoder[0] == input[0] && decoder[n - 1] == input[n - 1];
    }

    /**
     * Copies only these channels (and the sample index channel) into each frame instead of all: a pilot that takes
     * the timestamps, gaps and ages from this source reads the activity elsewhere.
     */
    public XdfFrameSource copyingOnly(int[] channels) {
        int index = description.indexChannel();
        int[] c = index >= 0 ? java.util.Arrays.copyOf(channels, channels.length + 1) : channels.clone();
        if (index >= 0) c[channels.length] = index;
        this.copied = c;
        return this;
    }

    @Override public StreamDescription description() { return description; }

    @Override public boolean next(Frame f) throws InterruptedException {
        if (next >= stamps.length) return false;
        pacer.awaitStreamTime(stamps[next] - stamps[0]);
        if (copied == null) {
            copyRow(next, f.raw);
        } else {
            for (int c : copied) f.raw[c] = stream.value(next, c);
        }
        f.timestamp = stamps[next];
        // the two streams hold the same frames, up to where a file cut short ends each
        if (recordedDecoder != null && next < recordedDecoder.samples()) f.age = recordedDecoder.value(next, DecoderRow.AGE);
        f.gapBefore = gaps.missingBefore(f.timestamp, f.raw);
        next++;
        return true;
    }

    public int frames() { return stamps.length; }

    /** Sample {@code s} into {@code row}, straight from the stream's array for the formats imaging and spikes use. */
    private void copyRow(int s, double[] row) {
        int channels = row.length;
        switch (stream.values()) {
            case SampleValues.Float32 v -> {
                float[] d = v.data();
                int at = s * v.channels();
                for (int c = 0; c < channels; c++) row[c] = d[at + c];
            }
            case SampleValues.Double64 v -> System.arraycopy(v.data(), s * v.channels(), row, 0, channels);
            default -> { for (int c = 0; c < channels; c++) row[c] = stream.value(s, c); }
        }
    }
}
