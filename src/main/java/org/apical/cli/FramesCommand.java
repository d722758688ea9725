package org.apical.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.config.Definitions;
import org.apical.core.Frame;
import org.apical.core.LatencyHistogram;
import org.apical.core.UserException;
import org.apical.imaging.FrameBench;
import org.apical.imaging.FramesFrameSource;
import org.apical.imaging.FramesRecording;
import org.apical.imaging.FramesSetup;
import org.apical.imaging.ShiftReporter;
import org.apical.session.Sources;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code apical frames ...}: raw two-photon frames to ROI traces, without a session (the bridge alone, its bench). */
@Command(name = "frames", mixinStandardHelpOptions = true,
        description = "Raw two-photon frames to ROI means: the frame bridge on its own, and its benchmark.",
        subcommands = {FramesCommand.Run.class, FramesCommand.Bench.class})
public final class FramesCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }

    /**
     * The frames' shifts while the source is open: a terminal line every 2 s, and the console's line when a session's
     * live view is given (null: none).
     */
    static void showShifts(FramesFrameSource frames, PrintStream out, org.apical.pipeline.LiveView view) {
        ShiftReporter.start(frames.shifts(), frames::rawRecordingNote, frames::closed, out,
                view == null ? null : view::setImaging);
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"The frame bridge alone: the rig file's frame source (input.source: frames)",
                    "to ROI means, published on LSL as frames.publish.name (ApicalROIs) for a",
                    "session elsewhere, and recorded (the ROI stream; the raw frames too with",
                    "frames.record_raw) to --record or the rig's recording folder.",
                    "Until the source ends, Ctrl-C, or --frames."})
    static final class Run implements Callable<Integer> {
        @Option(names = "--rig", required = true, description = "Rig file with input.source: frames.") String rig;
        @Option(names = "--frames", defaultValue = "-1",
                description = "Stop after this many frames (volumes with several planes; default: no limit).")
        long frames;
        @Option(names = "--record", paramLabel = "FILE",
                description = "Record to this XDF file (default: a dated file in the rig's recording folder when its"
                        + " recording is enabled).")
        java.nio.file.Path record;
        @Option(names = "--no-record", description = "Do not record.") boolean noRecord;
        @Option(names = "--json", description = "Print the summary as one JSON object on the last line.") boolean json;

        /** --record, else the rig's dated default ({@code <folder>/<date>_<time>_<rig>_frames.xdf}), or null. */
        private java.nio.file.Path recording(org.apical.config.RigConfig r) {
            if (noRecord) return null;
            if (record != null) return record;
            if (!r.recording().enabled()) return null;
            String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd_HHmmss"));
            return java.nio.file.Path.of(r.recording().folder(), stamp + "_" + r.name() + "_frames.xdf");
        }

        @Override public Integer call() throws Exception {
            var r = Definitions.loadRig(UserFiles.resolve(rig));
            if (!r.input().frames()) {
                throw new UserException(r.file() + ": input.source: must be frames for `apical frames run`");
            }
            PrintStream out = System.out;
            var cfg = Sources.lslConfig(r.input());
            FramesFrameSource source;
            try {
                source = FramesSetup.session(r.frames(), cfg, frames);
            } catch (java.io.IOException e) {
                throw new UserException(r.file() + ": frames: " + e.getMessage(), e);
            }
            out.println("apical frames run: " + FramesSetup.describe(r.frames()));
            java.nio.file.Path file = recording(r);
            FramesRecording recording = null;
            if (file != null) {
                try {
                    recording = FramesRecording.start(file, source, r.frames().recordRaw());
                } catch (java.io.IOException e) {
                    source.close();
                    throw new UserException("cannot record to " + file + ": " + e.getMessage(), e);
                }
                out.println("recording → " + file + (r.frames().recordRaw() ? " (ROI stream and raw frames)"
                        : " (ROI stream)"));
            }
            Thread main = Thread.currentThread();
            Thread hook = new Thread(source::endWaiting);
            Runtime.getRuntime().addShutdownHook(hook);
            long start = System.nanoTime();
            String error = null;
            try (source) {
                showShifts(source, out, null);
                Frame f = new Frame(source.description().channelCount());
                while (source.next(f)) {
                    if (recording != null) recording.sample(f);
                    if (main.isInterrupted()) break;
                }
            } catch (UserException e) {
                error = e.getMessage();
            } finally {
                if (recording != null) {
                    try {
                        recording.close();
                    } catch (java.io.IOException e) {
                        if (error == null) error = "the recording " + file + " could not be finished: " + e.getMessage();
                    }
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down already
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            LatencyHistogram.Figures p = source.processing().microseconds();
            String count = source.planes() == 1 ? source.frames() + " frames"
                    : source.frames() + " volumes of " + source.planes() + " planes";
            out.printf(Locale.ROOT, "%s in %.1f s; %s; motion + ROI means p50 %.0f µs, p99 %.0f µs per frame%n",
                    count, seconds, source.shifts().describe(), p.p50(), p.p99());
            if (recording != null) out.println("recording: " + recording.describe());
            if (error != null) out.println("frames: " + error);
            boolean recordingLost = recording != null && !recording.stats().lossless();
            if (json) {
                Map<String, Object> m = Json.object();
                m.put("frames", source.frames());
                m.put("planes", source.planes());
                m.put("seconds", seconds);
                m.put("source", source.source());
                m.put("shift_mean_px", Json.number(source.shifts().meanAbs()));
                m.put("shift_max_px", Json.number(source.shifts().maxAbs()));
                m.put("processing_us", Map.of("p50", p.p50(), "p99", p.p99(), "max", p.max()));
                if (recording == null) {
                    m.put("recording", null);
                } else {
                    Map<String, Object> rec = Json.object();
                    rec.put("file", file.toString());
                    rec.put("samples", recording.stats().samplesWritten());
                    rec.put("dropped", recording.stats().droppedSamples());
                    rec.put("bytes", recording.stats().bytesWritten());
                    m.put("recording", rec);
                }
                m.put("raw_frames", recording == null || recording.raw() == null ? null
                        : SessionJson.rawFrames(recording.raw()));
                m.put("error", error);
                out.println(Json.line(m));
            }
            return error == null && !recordingLost ? 0 : 1;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = {"Frames over loopback TCP as fast as possible -> motion correction -> ROI means, per frame",
                    "(default: the source lab's 512 x 796 uint16 frames, 100 ROIs, 2x2 patches of 64 px)."})
    static final class Bench implements Callable<Integer> {
        @Option(names = "--frames", defaultValue = "3000", description = "Frames to send (default ${DEFAULT-VALUE}).") long frames;
        @Option(names = "--lines", defaultValue = "512") int lines;
        @Option(names = "--pixels", defaultValue = "796") int pixels;
        @Option(names = "--rois", defaultValue = "100") int rois;
        @Option(names = "--whole-frame", description = "Correct on the whole frame instead of patches.") boolean whole;
        @Option(names = "--grid", defaultValue = "2", description = "Patches per side (default ${DEFAULT-VALUE}).") int grid;
        @Option(names = "--patch-size", defaultValue = "64") int patchSize;
        @Option(names = "--json", description = "Print the figures as one JSON object on the last line.") boolean json;

        @Override public Integer call() throws Exception {
            if (frames < 10 || frames > 10_000_000) throw new UserException("--frames must be in [10, 10000000]");
            if (lines < 64 || pixels < 64 || rois < 1 || grid < 1 || patchSize < 16) {
                throw new UserException("--lines and --pixels must be at least 64, --rois, --grid at least 1,"
                        + " --patch-size at least 16");
            }
            FrameBench.Result r = FrameBench.run(new FrameBench.Options(lines, pixels, rois, frames, whole, grid,
                    patchSize, 20));
            PrintStream out = System.out;
            out.printf(Locale.ROOT, "%d frames of %d x %d uint16, %d ROIs, motion on %s: %.0f frames/s%n", r.frames(),
                    lines, pixels, rois, whole ? "the whole frame" : r.patches() + " patches of " + patchSize + " px",
                    r.framesPerSecond());
            out.printf(Locale.ROOT, "per frame (receive + motion + ROI means): mean %.0f µs, p50 %.0f µs, p99 %.0f µs,"
                    + " max %.0f µs%n", r.meanPerFrameUs(), r.perFrameUs().p50(), r.perFrameUs().p99(),
                    r.perFrameUs().max());
            out.printf(Locale.ROOT, "after the last byte (motion + ROI means): p50 %.0f µs, p99 %.0f µs;"
                    + " largest shift error %.3f px%n", r.afterArrivalUs().p50(), r.afterArrivalUs().p99(),
                    r.maxShiftError());
            out.printf(Locale.ROOT, "stages, mean (p50): receive %.0f µs (%.0f), motion %.0f µs (%.0f), ROI means %.0f µs"
                    + " (%.0f)%n", r.receive().mean(), r.receive().p50(), r.motion().mean(), r.motion().p50(),
                    r.rois().mean(), r.rois().p50());
            out.printf(Locale.ROOT, "CPU time of the receiving thread: %.0f µs per frame (goal <= 1000 µs); load average"
                    + " %.2f%n", r.cpuPerFrameUs(), r.loadAverage());
            if (json) {
                Map<String, Object> m = Json.object();
                m.put("frames", r.frames());
                m.put("lines", lines);
                m.put("pixels", pixels);
                m.put("rois", rois);
                m.put("patches", r.patches());
                m.put("frames_per_s", r.framesPerSecond());
                m.put("per_frame_us", Map.of("mean", r.meanPerFrameUs(), "p50", r.perFrameUs().p50(),
                        "p99", r.perFrameUs().p99(), "max", r.perFrameUs().max()));
                m.put("after_arrival_us", Map.of("p50", r.afterArrivalUs().p50(), "p99", r.afterArrivalUs().p99()));
                m.put("max_shift_error_px", r.maxShiftError());
                m.put("cpu_per_frame_us", r.cpuPerFrameUs());
                m.put("stages_us", Map.of("receive", stage(r.receive()), "motion", stage(r.motion()),
                        "rois", stage(r.rois())));
                m.put("load_average", r.loadAverage());
                out.println(Json.line(m));
            }
            return 0;
        }

        private static Map<String, Object> stage(FrameBench.Stage s) {
            return Map.of("mean", s.mean(), "p50", s.p50(), "p99", s.p99());
        }
    }
}
