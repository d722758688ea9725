package org.apical.imaging;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;
import org.apical.xdf.LentSamples;

/**
 * Raw frames into a recording ({@code frames.record_raw}), without ever holding up the frame thread: each volume's
 * frames are copied into one of a few preallocated buffers and lent to the recorder as one record (the ring's slots
 * never grow to a frame's size); the recorder's writer thread hands the buffer back once it is in the file. When
 * every buffer is still waiting for the disk, or the recorder's ring is full, the whole volume is dropped and counted
 * (never a part of one: sample k of the stream is always plane k mod N) — the ROI traces are recorded apart and lose
 * nothing by it. An offline session (a file played as fast as possible) waits for a buffer instead.
 */
public final class RawFrameRecorder {
    /** Where volumes go: the recording's raw-frame stream. False when it could not take them. */
    @FunctionalInterface
    public interface Sink {
        boolean append(double[] timestamps, int frames, LentSamples volume);
    }

    /** Bytes of raw frames at most waiting for the disk. */
    static final long MAX_BACKLOG_BYTES = 256L << 20;

    private final Sink sink;
    private final int planes;
    private final boolean wait;
    private final Buffer[] buffers;
    /** Bit i set: buffer i is free. */
    private final AtomicLong free = new AtomicLong();
    private Buffer current;
    private boolean dropping;
    private volatile long recorded;
    private volatile long dropped;
    private volatile long droppedVolumes;

    /**
     * @param buffers volumes that may wait for the disk at once (1 to 64)
     * @param wait    wait for a free buffer rather than drop (offline: no deadline to keep)
     */
    public RawFrameRecorder(FrameGeometry g, int planes, int buffers, boolean wait, Sink sink) {
        if (buffers < 1 || buffers > 64) throw new IllegalArgumentException("1 to 64 buffers, not " + buffers);
        this.sink = sink;
        this.planes = planes;
        this.wait = wait;
        this.buffers = new Buffer[buffers];
        for (int i = 0; i < buffers; i++) this.buffers[i] = new Buffer(i, g.pixelCount(), planes);
        free.set(buffers == 64 ? -1L : (1L << buffers) - 1);
    }

    /** About one second of volumes, 4 to 64, within {@link #MAX_BACKLOG_BYTES}. */
    public static int buffersFor(FrameGeometry g, int planes) {
        long volumeBytes = (long) g.bytes() * planes;
        int second = (int) Math.ceil(g.rateHz() / planes);
        int byMemory = (int) Math.max(1, MAX_BACKLOG_BYTES / volumeBytes);
        return Math.max(1, Math.min(byMemory, Math.max(4, Math.min(64, second))));
    }

    /** Plane {@code plane}'s frame of the current volume (called on the frame thread, in plane order). */
    public void frame(int plane, RawFrame raw) {
        if (plane == 0) {
            current = claim();
            dropping = current == null;
        }
        if (!dropping) current.put(plane, raw);
        if (plane < planes - 1) return;
        if (dropping) {
            dropped += planes;
            droppedVolumes++;
            return;
        }
        Buffer b = current;
        current = null;
        if (sink.append(b.timestamps, planes, b)) {
            recorded += planes;
        } else {
            b.release();
            dropped += planes;
            droppedVolumes++;
        }
    }

    /** A volume cut short (the stream ended inside it) gives its buffer back unrecorded. */
    public void abandonVolume() {
        if (current != null) current.release();
        current = null;
    }

    private Buffer claim() {
        while (true) {
            long f = free.get();
            if (f == 0) {
                if (!wait) return null;
                LockSupport.parkNanos(100_000);
                continue;
            }
            long bit = Long.lowestOneBit(f);
            if (free.compareAndSet(f, f & ~bit)) return buffers[Long.numberOfTrailingZeros(bit)];
        }
    }

    /** Frames in the recording (or on their way to it). */
    public long recorded() { return recorded; }

    /** Frames not recorded because the recorder was behind (whole volumes). */
    public long dropped() { return dropped; }

    public long droppedVolumes() { return droppedVolumes; }

    public int buffers() { return buffers.length; }

    /** One line for the summary. */
    public String describe() {
        return "raw frames: " + recorded + " recorded" + (dropped > 0 ? ", " + dropped + " NOT RECORDED (" + droppedVolumes
                + (planes > 1 ? " volumes" : " frames") + " dropped: the recorder fell behind; the ROI traces are whole)"
                : "");
    }

    /**
     * The stream raw frames are recorded as: one int16 sample per frame carrying the uint16 bits ({@code v & 0xFFFF}),
     * lines × pixels channels in column-major order, the planes cycling as they were acquired.
     */
    public static StreamInfo streamInfo(String name, FrameGeometry g, int planes, String source) {
        List<XmlElement> geometry = new ArrayList<>(List.of(XmlElement.text("lines", Integer.toString(g.lines())),
                XmlElement.text("pixels", Integer.toString(g.pixels())),
                XmlElement.text("planes", Integer.toString(planes)),
                XmlElement.text("order", "column-major"),
                XmlElement.text("rate_hz", Double.toString(g.rateHz()))));
        XmlElement desc = XmlElement.of("desc", XmlElement.text("producer", "Apical"), XmlElement.of("geometry", geometry),
                XmlElement.text("values", "uint16 pixel values stored in int16 channels (read v & 0xFFFF)"),
                XmlElement.text("plane_order", "sample k is plane k mod " + planes + "; when the recorder fell behind"
                        + " whole volumes were left out"),
                XmlElement.text("frames_from", source));
        return StreamInfo.recorded(name, "ImagingFrames", g.pixelCount(), g.rateHz(), ChannelFormat.INT16,
                "apical-raw-frames").withDesc(desc);
    }

    /** One volume's frames as the recording stores them (little-endian int16), lent to the recorder. */
    private final class Buffer implements LentSamples {
        final long bit;
        final byte[] bytes;
        final ShortBuffer view;
        final double[] timestamps;
        final int pixels;

        Buffer(int index, int pixels, int planes) {
            this.bit = 1L << index;
            this.pixels = pixels;
            this.bytes = new byte[pixels * 2 * planes];
            this.view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
            this.timestamps = new double[planes];
        }

        void put(int plane, RawFrame raw) {
            view.clear().position(plane * pixels);
            view.put(raw.pixels, 0, pixels);
            timestamps[plane] = raw.timestamp;
        }

        @Override public byte[] bytes() { return bytes; }

        @Override public void release() {
            while (true) {
                long f = free.get();
                if (free.compareAndSet(f, f | bit)) return;
            }
        }
    }
}
