package org.apical.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.apical.core.UserException;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.core.LatencyHistogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.apical.xdf.Recorder;
import org.apical.xdf.RecorderOptions;
import org.apical.xdf.RecorderStats;
import org.apical.xdf.StreamClock;
import org.apical.xdf.XdfSummary;
import org.apical.xdf.XdfWriter;
import org.apical.xdf.XdfWriterOptions;

/**
 * {@code apical bench recorder}: the recorder sustaining a Neuropixels-like stream (384 float32 channels at
 * 30 kHz) in real time: a producer thread appends 1 ms chunks on schedule, the recorder writes to a real file.
 */
@Command(name = "recorder", mixinStandardHelpOptions = true,
        description = "Record a synthetic 384-channel float32 30 kHz stream in real time to an XDF file and print "
                + "samples/s written, backlog, losses and bytes/s.")
public final class RecorderBenchCommand implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "20", description = "duration (default ${DEFAULT-VALUE}; the 10-minute soak is 600)")
    double seconds;

    @Option(names = "--channels", defaultValue = "384", description = "channels (default ${DEFAULT-VALUE})") int channels;

    @Option(names = "--rate", defaultValue = "30000", description = "samples per second (default ${DEFAULT-VALUE})") double rate;

    @Option(names = "--chunk", defaultValue = "30", description = "samples per append call (default ${DEFAULT-VALUE} = 1 ms)")
    int chunk;

    @Option(names = "--out", description = "file to write (default: a temporary file, deleted afterwards)") Path out;

    @Option(names = "--no-fsync", description = "do not force flushed data to disk (default: fsync at every flush)")
    boolean noFsync;

    @Option(names = "--no-verify", description = "do not read the file back to count its samples") boolean noVerify;

    @Option(names = "--json", description = "also print one JSON object on the last line") boolean json;

    @Override public Integer call() throws IOException {
        if (!(seconds > 0) || channels < 1 || !(rate > 0) || chunk < 1) {
            throw new UserException("--seconds, --channels, --rate and --chunk must be positive");
        }
        Path file = out != null ? out : Files.createTempFile("apical-bench-recorder", ".xdf");
        long total = (long) Math.floor(seconds * rate / chunk) * chunk;
        System.out.printf(Locale.ROOT, "recording %d channels float32 at %.0f Hz for %.0f s (%d-sample chunks) to %s%n",
                channels, rate, seconds, chunk, file);
        XdfWriterOptions wo = XdfWriterOptions.defaults().withFsync(!noFsync);
        Recorder rec = Recorder.start(XdfWriter.create(file, wo), RecorderOptions.defaults());
        int id = rec.addStream(StreamInfo.recorded("bench", "ExtracellularEphys", channels, rate, ChannelFormat.FLOAT32,
                "apical-bench"), StreamClock.LOCAL);
        double[] ts = new double[chunk];
        float[] values = new float[chunk * channels];
        for (int i = 0; i < values.length; i++) values[i] = (float) Math.sin(i * 0.01);
        LatencyHistogram append = new LatencyHistogram(); // append-call durations
        double t = XdfWriterOptions.LSL_LOCAL_CLOCK.getAsDouble();
        double dt = 1.0 / rate;
        long start = System.nanoTime();
        long nextReport = start + 5_000_000_000L;
        long offered = 0;
        for (long k = 0; offered < total; k++) {
            long due = start + (long) ((k * chunk) / rate * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            for (int i = 0; i < chunk; i++) {
                t += dt;
                ts[i] = t;
            }
            values[0] = k;
            long a = System.nanoTime();
            rec.appendChunk(id, ts, values, chunk);
            append.record(System.nanoTime() - a);
            offered += chunk;
            if (System.nanoTime() >= nextReport) {
                RecorderStats s = rec.stats();
                System.out.printf(Locale.ROOT, "  %5.0f s: %d samples written, backlog %d samples (max %d), dropped %d%n",
                        (System.nanoTime() - start) / 1e9, s.samplesWritten(), s.backlogSamples(),
                        s.backlogMaxSamples(), s.droppedSamples());
                nextReport += 5_000_000_000L;
            }
        }
        double producerSeconds = (System.nanoTime() - start) / 1e9;
        RecorderStats s = rec.finish();
        double elapsed = (System.nanoTime() - start) / 1e9;
        Long verified = null;
        if (!noVerify) {
            XdfSummary sum = XdfSummary.of(file);
            verified = sum.streams().stream().filter(x -> x.header().name().equals("bench")).findFirst()
                    .map(XdfSummary.StreamSummary::samples).orElse(0L);
        }
        if (out == null) Files.deleteIfExists(file);

        double perSecond = s.samplesWritten() / elapsed;
        Map<String, Object> m = Json.object();
        m.put("seconds", seconds);
        m.put("channels", channels);
        m.put("rate", rate);
        m.put("chunk_samples", chunk);
        m.put("samples_offered", offered);
        m.put("samples_enqueued", s.samplesEnqueued());
        m.put("samples_written", s.samplesWritten());
        m.put("samples_per_s", Json.number(perSecond));
        m.put("dropped", s.droppedSamples());
        m.put("backlog_max_samples", s.backlogMaxSamples());
        m.put("backlog_max_ms", Json.number(s.backlogMaxSamples() / rate * 1000));
        m.put("backlog_max_slots", s.backlogMaxSlots());
        m.put("slots", RecorderOptions.defaults().slots());
        m.put("bytes", s.bytesWritten());
        m.put("bytes_per_s", Json.number(s.bytesWritten() / elapsed));
        m.put("append_p50_us", append.quantile(0.50) / 1000);
        m.put("append_p99_us", append.quantile(0.99) / 1000);
        m.put("append_max_us", append.max() / 1000);
        m.put("producer_seconds", Json.number(producerSeconds));
        m.put("fsync", !noFsync);
        m.put("verified_samples", verified);
        m.put("lossless", s.lossless() && (verified == null || verified == offered));
        System.out.printf(Locale.ROOT, "written %d of %d samples (%.0f samples/s, %.1f MB/s), dropped %d, backlog max %d samples"
                        + " (%.1f ms, %d of %d slots), append p50 %d us, p99 %d us, max %d us%s%n",
                s.samplesWritten(), offered, perSecond, s.bytesWritten() / elapsed / 1e6, s.droppedSamples(),
                s.backlogMaxSamples(), s.backlogMaxSamples() / rate * 1000, s.backlogMaxSlots(),
                RecorderOptions.defaults().slots(), append.quantile(0.50) / 1000, append.quantile(0.99) / 1000, append.max() / 1000,
                verified == null ? "" : ", file holds " + verified + " samples");
        if (json) System.out.println(Json.line(m));
        return 0;
    }
}
