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
 * Raw frames as the session's source, in process: each {@link #next} reads one frame (with several planes, one
 * volume: a frame per plane), corrects its motion, takes the ROI means into the frame slot and (when asked) publishes
 * the same sample as {@code ApicalROIs} on LSL for other tools and lends the raw frames to a recording. It runs on the
 * session's ingest thread, never the decision thread; the session records the ROI stream (means, shifts, frame
 * numbers) as its input. A frame that cannot be read whole, or a volume the stream ends inside, ends the session with
 * a message naming the source, the frame and the plane.
 */
public final class FramesFrameSource implements FrameSource {
    private final RawFrameSource frames;
    private final VolumeProcessor volume;
    private final int planes;
    private final RawFrame raw;
    /** Set before the first frame and before the console's reporter thread starts, which makes it visible there. */
    private RawFrameRecorder rawRecorder;
    /** The plane whose frame is still to be lent to the recording (−1: none): copied before the next read. */
    private int pendingRaw = -1;
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
        this(frames, VolumeProcessor.single(processor), rois, name, motion, outletConfig, maxFrames);
    }

    /**
     * @param rois      every plane's ROIs, in the order of the volume's samples (plane 0's first)
     * @param maxFrames end after this many samples (volumes; −1: until the source ends)
     */
    public FramesFrameSource(RawFrameSource frames, VolumeProcessor volume, java.util.List<Roi> rois, String name,
                             String motion, LslConfig outletConfig, long maxFrames) throws IOException {
        this.frames = frames;
        this.volume = volume;
        this.planes = volume.planes();
        this.raw = new RawFrame(frames.geometry());
        this.maxFrames = maxFrames;
        StreamInfo info = RoiStream.info(name, "apical-rois-" + ProcessHandle.current().pid(), rois,
                frames.geometry(), planes, frames.describe(), motion);
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
        if (maxFrames >= 0 && count >= maxFrames) {
            flushRaw();
            return false;
        }
        for (int p = 0; p < planes; p++) {
            flushRaw();
            long asked = System.nanoTime();
            try {
                if (!frames.read(raw)) {
                    if (p == 0) return false;
                    if (rawRecorder != null) rawRecorder.abandonVolume();
                    throw new UserException(frames.describe() + ": frame " + frames.frames() + " (plane " + p
                            + " of volume " + count + "): the stream ended inside the volume: "
                            + (p == 1 ? "plane 0" : "planes 0 to " + (p - 1)) + " of " + planes + " came, plane " + p
                            + " did not (a frame is missing)");
                }
            } catch (IOException e) {
                if (rawRecorder != null) rawRecorder.abandonVolume();
                throw new UserException(planes == 1 ? e.getMessage() : e.getMessage() + " (plane " + p + " of volume "
                        + count + ", " + planes + " planes)", e);
            }
            receiving.record(System.nanoTime() - asked);
            volume.process(p, count, raw, f.raw);
            processing.record(System.nanoTime() - raw.arrivalNanos);
            if (rawRecorder != null) pendingRaw = p;
        }
        f.timestamp = raw.timestamp;
        f.arrivalNanos = raw.arrivalNanos;
        if (outlet != null) outlet.pushSample(f.raw, raw.timestamp);
        count++;
        return true;
    }

    /**
     * Lends every raw frame to {@code recorder} from now on. A frame is copied just before the next one is read (or
     * the source ends or closes): after its sample has gone out, so the copy never delays a sample. Call before the
     * first frame.
     */
    public void recordRawTo(RawFrameRecorder recorder) { this.rawRecorder = recorder; }

    private void flushRaw() {
        if (pendingRaw < 0) return;
        rawRecorder.frame(pendingRaw, raw);
        pendingRaw = -1;
    }

    /** The console's word on the raw frames' recording: empty, or how many it dropped so far. */
    public String rawRecordingNote() {
        RawFrameRecorder r = rawRecorder;
        return r == null || r.dropped() == 0 ? "" : "; raw recording behind: " + r.dropped() + " frames dropped";
    }

    /** What became of the raw frames asked to be recorded, or null when none were. */
    public RawFrameRecorder rawRecorder() { return rawRecorder; }

    public int planes() { return planes; }

    public VolumeProcessor volume() { return volume; }

    public FrameGeometry geometry() { return frames.geometry(); }

    /** Frame's last byte in → its ROI means ready (motion correction and ROI means), per frame. */
    public LatencyHistogram processing() { return processing; }

    /** Asking the source for a frame → its pixels decoded (the wait for the frame included). */
    public LatencyHistogram receiving() { return receiving; }

    /** Plane 0's processor (the one processor with a single plane). */
    public FrameProcessor processor() { return volume.plane(0); }

    public ShiftStats shifts() { return volume.shifts(); }

    /** Samples given: frames, or volumes with several planes. */
    public long frames() { return count; }

    public String source() { return frames.describe(); }

    public StreamInfo outletInfo() { return outlet == null ? null : outlet.info(); }

    /** Ends a read that waits for a frame (from any thread: a stop must not wait for a silent sender). */
    @Override public void endWaiting() { frames.endWaiting(); }

    public boolean closed() { return closed; }

    /** Closes the frame source (on the thread that reads it, after its last frame: that frame is lent first). */
    @Override public void close() {
        if (!closed) flushRaw();
        closed = true;
        frames.close();
        if (outlet != null) outlet.close();
    }
}
