package org.apical.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apical.config.Definitions;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.session.Session;
import org.apical.lsl.StreamDescriptions;
import org.apical.replay.RecordedSession;
import org.apical.replay.XdfFrameSource;
import org.apical.reward.SimulatedRewardOutput;
import org.apical.sim.Pacer;
import org.apical.xdf.XdfReadOptions;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfSampleCursor;
import org.apical.xdf.XdfWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code apical bench replay}: a synthetic recorded session (default one hour of 1,000 ROIs at 30 Hz) written to a
 * temporary XDF file, read back, and replayed through the full pipeline as fast as it goes.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a synthetic one-hour, 1,000-ROI, 30 Hz session through the full pipeline at maximum speed.")
public final class BenchReplayCommand implements Callable<Integer> {
    @Option(names = "--minutes", defaultValue = "60", description = "Session length (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--rois", defaultValue = "1000", description = "Channels (default: ${DEFAULT-VALUE}).")
    int rois;

    @Option(names = "--json", description = "One JSON object on the last line.")
    boolean json;

    @Override public Integer call() throws Exception {
        PrintStream out = System.out;
        int frames = (int) Math.round(minutes * 60 * 30);
        Path dir = Files.createTempDirectory("apical-bench-replay");
        Path file = dir.resolve("session.xdf");
        try {
            long t0 = System.nanoTime();
            writeSynthetic(file, frames, rois);
            double writeS = (System.nanoTime() - t0) / 1e9;
            double mb = Files.size(file) / 1e6;
            // the file was just written, so every read below is from the page cache: the decoder's speed, not the disk's
            long t1 = System.nanoTime();
            XdfReader.readStreaming(file, XdfReadOptions.defaults());
            double streamingS = (System.nanoTime() - t1) / 1e9;
            long tc = System.nanoTime();
            double checksum = 0;
            try (XdfSampleCursor c = XdfSampleCursor.open(file, "BenchImaging")) {
                double[] row = new double[rois];
                while (c.next(row)) checksum += row[0];
            }
            double cursorS = (System.nanoTime() - tc) / 1e9;
            t1 = System.nanoTime();
            RecordedSession rec = RecordedSession.read(file);
            double readS = (System.nanoTime() - t1) / 1e9;
            Definitions defs = Definitions.load(UserFiles.resolve("rigs/sim.yaml"),
                    UserFiles.resolve("decoders/default.yaml"), UserFiles.resolve("stimuli/grating.yaml"));
            XdfFrameSource source = new XdfFrameSource(rec.input(),
                    StreamDescriptions.of(rec.input().header(), null, false),
                    new Pacer(Double.POSITIVE_INFINITY));
            Session s = new Session(defs, source, List.of(new SimulatedRewardOutput()), null);
            s.setOffline(true);
            long t2 = System.nanoTime();
            s.run();
            double replayS = (System.nanoTime() - t2) / 1e9;
            double sessionS = frames / 30.0;
            out.printf(Locale.ROOT, "synthetic session: %d frames × %d ROIs (%.0f min at 30 Hz), %.0f MB%n", frames, rois,
                    minutes, mb);
            out.printf(Locale.ROOT, "read (memory-mapped, from the page cache) %.3f s: %,.0f MB/s; chunk by chunk %.3f s:"
                    + " %,.0f MB/s; one stream sample by sample %.3f s: %,.0f MB/s (checksum %.0f)%n", readS, mb / readS,
                    streamingS, mb / streamingS, cursorS, mb / cursorS, checksum);
            out.printf(Locale.ROOT, "write %.2f s, read %.2f s, replay through the pipeline %.2f s: %,.0f frames/s,"
                            + " %.0f× real time (%.0f× including the read)%n", writeS, readS, replayS,
                    frames / replayS, sessionS / replayS, sessionS / (replayS + readS));
            out.printf(Locale.ROOT, "trials %d, frames decided %d%n", s.monitor().outcomes().size(), s.monitor().frames());
            if (json) {
                Map<String, Object> m = Json.object();
                m.put("frames", frames);
                m.put("rois", rois);
                m.put("file_mb", Math.round(Files.size(file) / 1e5) / 10.0);
                m.put("write_s", round(writeS));
                m.put("read_s", round(readS));
                m.put("read_mb_per_s", Math.round(mb / readS));
                m.put("streaming_read_s", round(streamingS));
                m.put("streaming_read_mb_per_s", Math.round(mb / streamingS));
                m.put("cursor_read_s", round(cursorS));
                m.put("cursor_read_mb_per_s", Math.round(mb / cursorS));
                m.put("replay_s", round(replayS));
                m.put("frames_per_s", Math.round(frames / replayS));
                m.put("speedup", Math.round(sessionS / replayS));
                m.put("speedup_including_read", Math.round(sessionS / (replayS + readS)));
                out.println(Json.line(m));
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        return 0;
    }

    private static double round(double v) { return Math.round(v * 1000) / 1000.0; }

    /** A synthetic imaging session: {@code rois} channels of slowly fluctuating fluorescence at 30 Hz. */
    static void writeSynthetic(Path file, int frames, int rois) throws java.io.IOException {
        StreamInfo info = StreamInfo.create("BenchImaging", "Imaging", rois, 30, ChannelFormat.FLOAT32, "bench");
        try (XdfWriter w = XdfWriter.create(file)) {
            int id = w.addStream(info);
            SplittableRandom r = new SplittableRandom(1);
            float[] row = new float[rois];
            double[] z = new double[rois];
            for (int i = 0; i < frames; i++) {
                for (int c = 0; c < rois; c++) {
                    z[c] = 0.9 * z[c] + 0.3 * r.nextGaussian();
                    row[c] = (float) (500 * (1 + 0.2 * Math.max(0, z[c])));
                }
                w.appendFloats(id, 1000 + i / 30.0, row);
            }
        }
    }

}
