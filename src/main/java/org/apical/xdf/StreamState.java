package org.apical.xdf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;

/** The writer's bookkeeping for one stream: its pending chunk, timestamp deduction state and footer figures. */
final class StreamState {
    final int id;
    final StreamInfo meta;
    final StreamClock clock;
    final double interval;
    final int sampleBytes;
    ByteBuffer pending;
    int pendingSamples;
    private final int maxChunkBytes;

    /** Timestamp deduction state; restarts at 0.0 in every file, as readers do. */
    double prevTimestamp;
    long fileCount;
    double fileFirst;
    double fileLast;
    long totalCount;

    double lastOffsetNow = Double.NaN;
    double lastOffsetValue;
    private double[] offsetTimes = new double[16];
    private double[] offsetValues = new double[16];
    private int offsets;

    StreamState(int id, StreamInfo meta, StreamClock clock, int maxChunkBytes) {
        this.id = id;
        this.meta = meta;
        this.clock = clock;
        // a reader deduces timestamps from the rate as printed in the header, so step by exactly that rate
        double printed = Double.parseDouble(StreamInfoXml.formatDouble(meta.nominalSrate()));
        this.interval = printed > 0 ? 1.0 / printed : 0.0;
        this.sampleBytes = meta.channelCount() * meta.channelFormat().valueSize();
        this.maxChunkBytes = maxChunkBytes;
        this.pending = ByteBuffer.allocate(Math.max(maxChunkBytes, 9 + sampleBytes)).order(ByteOrder.LITTLE_ENDIAN);
        startFile();
    }

    void startFile() {
        prevTimestamp = 0.0;
        fileCount = 0;
        fileFirst = 0.0;
        fileLast = 0.0;
        offsets = 0;
    }

    /** Makes room for {@code need} more bytes, first emitting the pending chunk if it has reached its size. */
    void reserve(int need, XdfWriter writer) throws IOException {
        if (pendingSamples > 0 && pending.position() + need > maxChunkBytes) writer.emitChunk(this);
        if (pending.remaining() < need) {
            ByteBuffer bigger = ByteBuffer.allocate(pending.position() + need).order(ByteOrder.LITTLE_ENDIAN);
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
    }

    void countSample(double timestamp) {
        if (fileCount == 0) fileFirst = timestamp;
        fileLast = timestamp;
        prevTimestamp = timestamp;
        fileCount++;
        totalCount++;
        pendingSamples++;
    }

    void putDoubles(double[] v, int from) { ValueEncoder.putDoubles(pending, meta.channelFormat(), v, from, meta.channelCount()); }

    void putFloats(float[] v, int from) { ValueEncoder.putFloats(pending, meta.channelFormat(), v, from, meta.channelCount()); }

    void putLongs(long[] v, int from) { ValueEncoder.putLongs(pending, meta.channelFormat(), v, from, meta.channelCount()); }

    void recordOffset(double localNow, double collectionTime, double offset) {
        lastOffsetNow = localNow;
        lastOffsetValue = offset;
        if (offsets == offsetTimes.length) {
            offsetTimes = Arrays.copyOf(offsetTimes, offsets * 2);
            offsetValues = Arrays.copyOf(offsetValues, offsets * 2);
        }
        offsetTimes[offsets] = collectionTime;
        offsetValues[offsets] = offset;
        offsets++;
    }

    /** The StreamFooter content for the current file (LabRecorder's layout plus measured_srate). */
    byte[] footer() {
        StringBuilder b = new StringBuilder(256 + offsets * 64);
        double measured = fileCount > 1 && fileLast > fileFirst ? (fileCount - 1) / (fileLast - fileFirst) : 0.0;
        b.append("<?xml version=\"1.0\"?><info><first_timestamp>").append(fileFirst)
                .append("</first_timestamp><last_timestamp>").append(fileLast)
                .append("</last_timestamp><sample_count>").append(fileCount)
                .append("</sample_count><measured_srate>").append(measured)
                .append("</measured_srate><clock_offsets>");
        for (int i = 0; i < offsets; i++) {
            b.append("<offset><time>").append(offsetTimes[i]).append("</time><value>").append(offsetValues[i])
                    .append("</value></offset>");
        }
        b.append("</clock_offsets></info>");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
