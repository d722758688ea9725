package org.apical.imaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import org.apical.core.Frame;
import org.apical.stream.StreamInfo;
import org.apical.xdf.Recorder;
import org.apical.xdf.RecorderOptions;
import org.apical.xdf.RecorderStats;
import org.apical.xdf.XdfWriter;

/**
 * The frame bridge's own recording ({@code apical frames run}): the ROI stream as published (ROI means, shifts,
 * frame numbers, with its channel map and geometry) and, with {@code frames.record_raw}, the raw frames
 * ({@link RawFrameRecorder}). Samples are copied into the xdf {@link Recorder}'s ring (its own thread writes); a live
 * bridge never waits for the disk, an offline one (a file played as fast as possible) does, and loses nothing.
 */
public final class FramesRecording implements AutoCloseable {
    private final Path file;
    private final Recorder recorder;
    private final int rois;
    private final boolean wait;
    private final RawFrameRecorder raw;
    private RecorderStats finalStats;

    private FramesRecording(Path file, FramesFrameSource source, boolean recordRaw) throws IOException {
        this.file = file;
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        this.recorder = Recorder.start(XdfWriter.create(file), RecorderOptions.defaults().withRoleName("frames-recorder"));
        StreamInfo info = source.description().info();
        this.rois = recorder.addStream(info);
        this.wait = !source.timestampsOnThisClock();
        if (recordRaw) {
            int stream = recorder.addStream(FramesSetup.rawStream(source));
            raw = FramesSetup.recordRaw(source, wait, (timestamps, n, volume) -> {
                awaitRoom();
                return recorder.appendLent(stream, timestamps, n, volume);
            });
        } else {
            raw = null;
        }
    }

    /** Starts recording {@code source}'s ROI stream (and its raw frames) into {@code file}; call before its first frame. */
    public static FramesRecording start(Path file, FramesFrameSource source, boolean recordRaw) throws IOException {
        return new FramesRecording(file, source, recordRaw);
    }

    /** The ROI sample {@code f} the source just gave (from the thread that reads it). */
    public void sample(Frame f) {
        awaitRoom();
        recorder.appendNumeric(rois, f.timestamp, f.raw);
    }

    private void awaitRoom() {
        if (wait) {
            while (!recorder.hasCapacity(8)) LockSupport.parkNanos(50_000);
        }
    }

    public Path file() { return file; }

    /** The raw frames' figures, or null when they are not recorded. */
    public RawFrameRecorder raw() { return raw; }

    public RecorderStats stats() { return finalStats != null ? finalStats : recorder.stats(); }

    /** One line for the summary. */
    public String describe() {
        RecorderStats s = stats();
        return file + ": " + s.samplesWritten() + " samples written" + (s.droppedSamples() > 0 ? ", "
                + s.droppedSamples() + " NOT RECORDED (the disk fell behind)" : "")
                + (raw == null ? "" : "; " + raw.describe());
    }

    /** Drains the queue into the file and closes it. */
    @Override public void close() throws IOException {
        if (finalStats == null) finalStats = recorder.finish();
    }
}
