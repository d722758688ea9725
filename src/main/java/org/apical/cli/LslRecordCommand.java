package org.apical.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apical.lsl.InletOptions;
import org.apical.lsl.LocalClock;
import org.apical.lsl.LslConfig;
import org.apical.lsl.ResolveScope;
import org.apical.lsl.Resolver;
import org.apical.lsl.StreamInlet;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.xdf.Recorder;
import org.apical.xdf.RecorderOptions;
import org.apical.xdf.RecorderStats;
import org.apical.xdf.StreamClock;
import org.apical.xdf.XdfWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.apical.core.UserException;
import org.apical.session.StopOnSignal;

/**
 * {@code apical lsl record}: a LabRecorder-like recorder for any LSL streams. One reader thread per stream feeds the
 * xdf {@link Recorder} (its own writer thread, flushed every second); time-correction offsets are measured every 5 s
 * and written as ClockOffset chunks; Ctrl-C or SIGTERM closes the file cleanly ({@link StopOnSignal}).
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Record LSL streams to XDF (all streams, or those named) until Ctrl-C or --duration,",
                "with time-correction (ClockOffset) chunks every 5 s."})
public final class LslRecordCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "The XDF file to write.")
    Path out;

    @Option(names = "--stream", description = "A stream name to record (repeatable; default: every stream found).")
    List<String> names = new ArrayList<>();

    @Option(names = "--duration", description = "Seconds to record (default: until Ctrl-C).")
    Double duration;

    @Option(names = "--wait", defaultValue = "2", description = "Seconds to look for streams (default: ${DEFAULT-VALUE}).")
    double wait;

    @Option(names = "--scope", description = "LSL scope: machine, link, site, organization, global (default: lsl_api.cfg's).")
    String scope;

    @Option(names = "--json", description = "One JSON object on the last line.")
    boolean json;

    private volatile boolean stop;

    @Override public Integer call() throws Exception {
        LslConfig cfg = LslConfig.found();
        if (scope != null) {
            try {
                cfg = cfg.withScope(ResolveScope.valueOf(scope.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UserException("--scope must be machine, link, site, organization or global; found '" + scope + "'");
            }
        }
        List<StreamInfo> found = new ArrayList<>();
        if (names.isEmpty()) {
            found.addAll(Resolver.resolveAll(cfg, wait));
        } else {
            for (String n : names) {
                List<StreamInfo> s = Resolver.resolveByProp(cfg, "name", n, 1, wait);
                if (s.isEmpty()) throw new UserException("--stream " + n + ": no such stream answered within " + wait + " s");
                found.addAll(s);
            }
        }
        if (found.isEmpty()) throw new UserException("no LSL streams answered within " + wait + " s (scope " + cfg.scope() + ")");
        String host = java.net.InetAddress.getLocalHost().getHostName();
        try (StopOnSignal _ = StopOnSignal.install(() -> "the recording to " + out, () -> stop = true)) {
            return record(cfg, found, host);
        }
    }

    /** Records until --duration or a stop, closes the file and prints what was written. */
    private int record(LslConfig cfg, List<StreamInfo> found, String host) throws Exception {
        Recorder recorder = Recorder.start(XdfWriter.create(out), RecorderOptions.defaults());
        List<StreamInlet> inlets = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        List<AtomicLong> counts = new ArrayList<>();
        for (StreamInfo r : found) {
            StreamInfo full = Resolver.fullInfo(r, 2);
            StreamInlet inlet = new StreamInlet(full, InletOptions.defaults().withConfig(cfg));
            boolean local = host.equals(full.hostname());
            ids.add(recorder.addStream(inlet.info(),
                    local ? StreamClock.LOCAL : StreamClock.REMOTE));
            inlets.add(inlet);
            counts.add(new AtomicLong());
        }
        System.out.println("recording " + found.size() + " stream(s) to " + out + ": "
                + found.stream().map(StreamInfo::name).toList() + (duration == null ? " (Ctrl-C to stop)" : ""));
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < inlets.size(); i++) {
            StreamInlet inlet = inlets.get(i);
            int id = ids.get(i);
            AtomicLong count = counts.get(i);
            Thread t = new Thread(() -> read(inlet, recorder, id, count), "lsl-record-" + inlet.info().name());
            t.setDaemon(true);
            t.start();
            readers.add(t);
        }
        long t0 = System.nanoTime();
        double nextOffsets = 0;
        while (!stop && (duration == null || (System.nanoTime() - t0) / 1e9 < duration)) {
            double now = (System.nanoTime() - t0) / 1e9;
            if (now >= nextOffsets) {
                nextOffsets = now + 5;
                for (int i = 0; i < inlets.size(); i++) {
                    if (!host.equals(inlets.get(i).info().hostname())) {
                        try {
                            recorder.clockOffset(ids.get(i), LocalClock.now(), inlets.get(i).timeCorrection(2));
                        } catch (java.util.concurrent.TimeoutException e) {
                            // no estimate this round; the next one tries again
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        stop = true;
        for (Thread t : readers) t.join(2000);
        for (StreamInlet inlet : inlets) inlet.close();
        RecorderStats stats = recorder.finish();
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Map<String, Object>> streams = new ArrayList<>();
        for (int i = 0; i < inlets.size(); i++) {
            System.out.printf(Locale.ROOT, "  %s: %d samples%n", inlets.get(i).info().name(), counts.get(i).get());
            Map<String, Object> s = Json.object();
            s.put("name", inlets.get(i).info().name());
            s.put("samples", counts.get(i).get());
            streams.add(s);
        }
        System.out.printf(Locale.ROOT, "%s: %d samples written in %.1f s, %d not recorded%n", out,
                stats.samplesWritten(), seconds, stats.droppedSamples());
        if (json) {
            Map<String, Object> m = Json.object();
            m.put("file", out.toString());
            m.put("streams", streams);
            m.put("samples", stats.samplesWritten());
            m.put("dropped", stats.droppedSamples());
            m.put("duration_s", Math.round(seconds * 1000) / 1000.0);
            System.out.println(Json.line(m));
        }
        return stats.lossless() ? 0 : 1;
    }

    private void read(StreamInlet inlet, Recorder recorder, int id, AtomicLong count) {
        boolean text = inlet.info().channelFormat() == ChannelFormat.STRING;
        double[] values = new double[inlet.channelCount()];
        String[] strings = new String[inlet.channelCount()];
        while (!stop) {
            double ts = text ? inlet.pullSample(strings, 0.2) : inlet.pullSample(values, 0.2);
            if (ts == 0.0) {
                if (inlet.isLost()) return;
                continue;
            }
            if (text) recorder.appendStrings(id, ts, strings.clone());
            else recorder.appendNumeric(id, ts, values);
            count.incrementAndGet();
        }
    }
}
