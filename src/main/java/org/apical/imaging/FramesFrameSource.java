package org.apical.imaging;

import java.io.IOException;
import org.apical.core.Frame;
import org.apical.core.FrameSource;
import org.apical.core.LatencyHistogram;
import org.apical.core.StreamDescription;
import org.apical.core.UserException;
import org.apical.lsl.LslBackend;
import org.apical.lsl.LslConfig;
import org.apical.lsl.SampleOutlet;
import org.apical.lsl.StreamDescriptions;
import org.apical.stream.StreamInfo;

/**
 * Raw frames as the session's source, in process: each {@link #next} reads one frame, corrects its motion, takes the
 * ROI means into the frame slot and (when asked) publishes the same sample as {@code ApicalROIs} on LSL for other
 * tools. It runs on the session's ingest thread, never the decision thread; the session records the ROI stream (means,
 * shifts, frame numbers) as its input. A frame that cannot be read whole ends the session with the source's message.
 */
public final class FramesFrameSource implements FrameSource {
    private final RawFrameSource frames;
    private final FrameProcessor processor;
    private final RawFrame raw;
    private final StreamDescription description;
    private final SampleOutlet outlet;
    private final long maxFrames;
    private final LatencyHistogram processing = new LatencyHistogram();
    private final LatencyHistogram receiving = new LatencyHistogram();
    private long count;
    private volatile boolean closed;

    /**
     * @param outletConfig where to publish the ROI stream on LSL (null: not published)
     * @param maxFrames    end after this many frames (−1: until the source ends)
     */
    public FramesFrameSource(RawFrameSource frames, FrameProcessor processor, java.util.List<Roi> rois, String name,
                             String motion, LslConfig outletConfig, long maxFrames) throws IOException {
        this.frames = frames;
        this.processor = processor;
        this.raw = new RawFrame(frames.geometry());
        this.maxFrames = maxFrames;
        StreamInfo info = RoiStream.info(name, "apical-rois-" + ProcessHandle.current().pid(), rois,
                frames.geometry(), frames.describe(), motion);
        if (outletConfig != null) {
            outlet = LslBackend.JAVA.outlet(info, 60, outletConfig);
            info = outlet.info();
        } else {
            outlet = null;
            info = StreamInfo.recorded(info.name(), info.type(), info.channelCount(), info.nominalSrate(),
                    info.channelFormat(), info.sourceId()).withDesc(info.desc());
        }
        this.description = StreamDescriptions.of(info, null, false);
    }

    @Override public StreamDescription description() { return description; }

    @Override public boolean timestampsOnThisClock() { return frames.timestampsOnThisClock(); }

    @Override public boolean next(Frame f) throws InterruptedException {
        if (maxFrames >= 0 && count >= maxFrames) return false;
        long asked = System.nanoTime();
        try {
            if (!frames.read(raw)) return false;
        } catch (IOException e) {
            throw new UserException(e.getMessage(), e);
        }
        receiving.record(System.nanoTime() - asked);
        processor.process(raw, f.raw);
        f.timestamp = raw.timestamp;
        f.arrivalNanos = raw.arrivalNanos;
        if (outlet != null) outlet.pushSample(f.raw, raw.timestamp);
        processing.record(System.nanoTime() - raw.arrivalNanos);
        count++;
        return true;
    }

    /** Frame's last byte in → ROI sample ready (motion correction and ROI means). */
    public LatencyHistogram processing() { return processing; }

    /** Asking the source for a frame → its pixels decoded (the wait for the frame included). */
    public LatencyHistogram receiving() { return receiving; }

    public FrameProcessor processor() { return processor; }

    public ShiftStats shifts() { return processor.shifts(); }

    public long frames() { return count; }

    public String source() { return frames.describe(); }

    public StreamInfo outletInfo() { return outlet == null ? null : outlet.info(); }

    /** Ends a read that waits for a frame (from any thread: a stop must not wait for a silent sender). */
    @Override public void endWaiting() { frames.endWaiting(); }

    public boolean closed() { return closed; }

    @Override public void close() {
        closed = true;
        frames.close();
        if (outlet != null) outlet.close();
    }
}
