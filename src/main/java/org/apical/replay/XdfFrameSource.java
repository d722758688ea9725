package org.apical.replay;

import org.apical.core.DecoderRow;
import org.apical.core.Frame;
import org.apical.core.FrameSource;
import org.apical.core.GapCounter;
import org.apical.core.StreamDescription;
import org.apical.sim.Pacer;
import org.apical.stream.ChannelFormat;
import org.apical.xdf.SampleValues;
import org.apical.xdf.XdfFormatException;
import org.apical.xdf.XdfSampleCursor;
import org.apical.xdf.XdfStream;

/**
 * A recorded input stream as the session's source, with its recorded timestamps (the frames' own clock), as fast as
 * the pipeline takes it or paced on the wall clock. The recording holds what the live session received, so the samples
 * lost before it are counted again, the same way ({@link GapCounter}). When the recording holds the age each frame
 * had when the live session decided it ({@code ApicalDecoder}'s {@code age}), the replay gives it back, so frames
 * that were too old to reward then are too old now: the same decisions. A frame gets the age recorded with its own
 * timestamp, so the frames after a hole in the file's input still get theirs.
 */
public final class XdfFrameSource implements FrameSource {
    private final XdfStream stream;
    /** The input's values in the mapped file, decoded frame by frame into the ring's slot; null: from the stream. */
    private final XdfSampleCursor cursor;
    private final StreamDescription description;
    private final Pacer pacer;
    private final double[] stamps;
    private final XdfStream recordedDecoder;
    private final double[] decoderStamps;
    /** The recorded decision the next frame's age is looked up from. */
    private int ageRow;
    private final GapCounter gaps;
    private int[] copied;
    private int next;

    public XdfFrameSource(XdfStream stream, StreamDescription description, Pacer pacer) {
        this(stream, description, pacer, null);
    }

    /** @param recordedDecoder the recording's ApicalDecoder stream (for the frames' recorded age), or null */
    public XdfFrameSource(XdfStream stream, StreamDescription description, Pacer pacer, XdfStream recordedDecoder) {
        this(stream, null, description, pacer, recordedDecoder);
    }

    /**
     * The input of {@code rec} as it was opened: from the mapped file frame by frame ({@link RecordedSession#open}),
     * else from its values in memory. The same frames either way.
     */
    public static XdfFrameSource of(RecordedSession rec, StreamDescription description, Pacer pacer,
                                    XdfStream recordedDecoder) {
        return new XdfFrameSource(rec.input(), rec.inputCursor(), description, pacer, recordedDecoder);
    }

    private XdfFrameSource(XdfStream stream, XdfSampleCursor cursor, StreamDescription description, Pacer pacer,
                           XdfStream recordedDecoder) {
        this.stream = stream;
        this.cursor = cursor;
        this.description = description;
        this.pacer = pacer;
        this.stamps = stream.rawTimestamps();
        this.recordedDecoder = recordedDecoder != null && recordedDecoder.header().channelCount() > DecoderRow.AGE
                && recordedDecoder.samples() > 0 && stamps.length > 0
                && recordedDecoder.rawTimestamps()[0] <= stamps[0] ? recordedDecoder : null;
        this.decoderStamps = this.recordedDecoder == null ? null : this.recordedDecoder.rawTimestamps();
        this.gaps = new GapCounter(description.nominalRate(), description.indexChannel(),
                GapCounter.exactIntegersBelow(stream.header().channelFormat() == ChannelFormat.FLOAT32));
    }

    /**
     * The age recorded with the frame stamped {@code t}, or NaN when the recording has none: the decisions recorded
     * before it belong to frames the file lacks (a hole) and are passed over.
     */
    private double recordedAge(double t) {
        while (ageRow < decoderStamps.length && decoderStamps[ageRow] < t) ageRow++;
        if (ageRow < decoderStamps.length && decoderStamps[ageRow] == t) return recordedDecoder.value(ageRow++, DecoderRow.AGE);
        return Double.NaN;
    }

    /**
     * Copies only these channels (and the sample index channel) into each frame instead of all: a pilot that takes
     * the timestamps, gaps and ages from this source reads the activity elsewhere.
     */
    public XdfFrameSource copyingOnly(int[] channels) {
        if (cursor != null) throw new IllegalStateException("copyingOnly reads the stream's values in memory");
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
        if (cursor != null) {
            fromFile(f.raw);
        } else if (copied == null) {
            copyRow(next, f.raw);
        } else {
            for (int c : copied) f.raw[c] = stream.value(next, c);
        }
        f.timestamp = stamps[next];
        if (recordedDecoder != null) f.age = recordedAge(f.timestamp);
        f.gapBefore = gaps.missingBefore(f.timestamp, f.raw);
        next++;
        return true;
    }

    public int frames() { return stamps.length; }

    private void fromFile(double[] row) {
        try {
            // the structure was checked when the timestamps were read, so this cannot fail on a file left alone
            if (!cursor.next(row)) throw new IllegalStateException("the file holds fewer samples than its timestamps");
        } catch (XdfFormatException e) {
            throw new IllegalStateException("the recording changed while it was replayed: " + e.getMessage(), e);
        }
    }

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
