package org.apical.cli;

import org.apical.lsl.InletOptions;
import org.apical.lsl.LocalClock;
import org.apical.lsl.LostStreamException;
import org.apical.lsl.LslConfig;
import org.apical.lsl.Resolver;
import org.apical.lsl.StreamInlet;
import org.apical.lsl.VerifyPattern;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.apical.core.UserException;

/**
 * {@code apical lsl receive}: connects to a stream and reports samples, effective rate, gaps, time correction and
 * one-way latency percentiles; {@code --verify} checks every value and timestamp against the documented pattern.
 */
@Command(name = "receive", mixinStandardHelpOptions = true,
        description = "Receive a stream and report rate, gaps, time correction and latency; --verify checks the test pattern.")
public final class LslReceiveCommand implements Callable<Integer> {
    @Mixin LslScopeOption scope;
    @Option(names = "--name", required = true, description = "Stream name.") String name;
    @Option(names = "--type", description = "Also require this type.") String type;
    @Option(names = "--source-id", description = "Also require this source_id.") String sourceId;
    @Option(names = "--duration", defaultValue = "10", paramLabel = "S", description = "Seconds to receive (default ${DEFAULT-VALUE}).") double duration;
    @Option(names = "--timeout", defaultValue = "5", paramLabel = "S", description = "Seconds to wait for the stream to answer discovery, and its outlet the handshake (default ${DEFAULT-VALUE}).") double timeout;
    @Option(names = "--verify", description = "Check every value and timestamp against the `apical lsl send` pattern.") boolean verify;
    @Option(names = "--json", description = "Print a JSON summary as the last line.") boolean json;

    @Override public Integer call() throws Exception {
        LslConfig cfg = scope.config();
        org.apical.lsl.LslBackend backend = scope.backend();
        StringBuilder q = new StringBuilder("name='" + quoteFree(name, "--name") + "'");
        if (type != null) q.append(" and type='").append(quoteFree(type, "--type")).append("'");
        if (sourceId != null) q.append(" and source_id='").append(quoteFree(sourceId, "--source-id")).append("'");
        if (backend.isNative()) {
            try (org.apical.lsl.NativeInlet in = org.apical.lsl.NativeInlet.open(backend.lib(), q.toString(), timeout, 360,
                    ChannelFormat.DOUBLE64, 1024)) {
                System.out.println("native backend: " + backend.describe());
                return receive(new NativeFeed(in));
            } catch (java.io.IOException e) {
                throw new UserException(e.getMessage() + " (native backend: liblsl's own lsl_api.cfg sets the scope)");
            }
        }
        List<StreamInfo> found = Resolver.resolveByPredicate(cfg, q.toString(), 1, timeout);
        if (found.isEmpty()) {
            throw new UserException("no LSL stream matching " + q + " answered within " + timeout + " s (scope "
                    + cfg.scope().configName() + ")");
        }
        StreamInfo target = found.getFirst();
        try (StreamInlet in = new StreamInlet(target, InletOptions.defaults().withConfig(cfg)
                .withHandshakeSeconds(Math.max(0.5, timeout)))) {
            return receive(new JavaFeed(in));
        }
    }

    /** What this command reads from an inlet of either backend. */
    interface Feed {
        StreamInfo info();
        double pullSample(double[] dst, double timeout);
        double pullSample(String[] dst, double timeout);
        /** System.nanoTime() when the last pulled sample arrived (Apical: off the socket; liblsl: its chunk's pull). */
        long lastArrivalNanos();
        boolean takeGap();
        long reconnects();
        long droppedSamples();
        double timeCorrection(double timeout) throws TimeoutException, InterruptedException;
        double timeCorrectionUncertainty();
        /** True when {@link #lastArrivalNanos} is when the sample came off the socket (Apical's inlet). */
        boolean arrivalKnown();
    }

    record JavaFeed(StreamInlet in) implements Feed {
        public StreamInfo info() { return in.info(); }
        public double pullSample(double[] dst, double timeout) { return in.pullSample(dst, timeout); }
        public double pullSample(String[] dst, double timeout) { return in.pullSample(dst, timeout); }
        public long lastArrivalNanos() { return in.lastArrivalNanos(); }
        public boolean takeGap() { return in.takeGap(); }
        public long reconnects() { return in.reconnects(); }
        public long droppedSamples() { return in.droppedSamples(); }
        public double timeCorrection(double timeout) throws TimeoutException, InterruptedException { return in.timeCorrection(timeout); }
        public double timeCorrectionUncertainty() { return in.timeCorrectionUncertainty(); }
        public boolean arrivalKnown() { return true; }
    }

    /** liblsl's inlet, pulled a chunk at a time and handed out a sample at a time (numeric streams). */
    static final class NativeFeed implements Feed {
        private final org.apical.lsl.NativeInlet in;
        private int held, next;
        private long pulledAt;
        private boolean reset;

        NativeFeed(org.apical.lsl.NativeInlet in) { this.in = in; }

        public StreamInfo info() { return in.info(); }

        public double pullSample(double[] dst, double timeout) {
            if (next == held) {
                held = in.pull(timeout);
                next = 0;
                if (held == 0) return 0.0;
                pulledAt = System.nanoTime();
                reset = in.wasClockReset(); // once per chunk: a foreign call
            }
            in.copy(next, dst);
            return in.stamp(next++);
        }

        public double pullSample(String[] dst, double timeout) { throw new IllegalStateException("string streams need the java backend"); }
        public long lastArrivalNanos() { return pulledAt; }
        public boolean takeGap() {
            boolean r = reset;
            reset = false;
            return r;
        }
        public long reconnects() { return 0; }
        public long droppedSamples() { return 0; }

        public double timeCorrection(double timeout) throws TimeoutException {
            try {
                return in.timeCorrection(timeout);
            } catch (IllegalStateException e) {
                throw new TimeoutException(e.getMessage());
            }
        }

        public double timeCorrectionUncertainty() { return Double.NaN; }
        public boolean arrivalKnown() { return false; }
    }

    private static String quoteFree(String s, String option) {
        if (s.contains("'")) throw new UserException(option + " '" + s + "' must not contain a quote");
        return s;
    }

    private int receive(Feed in) throws InterruptedException {
        StreamInfo info = in.info();
        ChannelFormat f = info.channelFormat();
        int ch = info.channelCount();
        double rate = info.nominalSrate();
        System.out.printf(Locale.ROOT, "receiving '%s' (%s, %d × %s at %s) from %s:%d%n", info.name(), info.type(), ch,
                f.xmlName(), rate > 0 ? String.format(Locale.ROOT, "%.6g Hz", rate) : "irregular rate",
                info.v4address(), info.v4dataPort());
        double tc = Double.NaN;
        try {
            tc = in.timeCorrection(2.0);
        } catch (TimeoutException e) {
            System.out.println("no time correction from the outlet's time service within 2 s; latency assumes one clock");
        }
        double tcUse = Double.isNaN(tc) ? 0 : tc;
        double[] values = f == ChannelFormat.STRING ? null : new double[ch];
        String[] texts = f == ChannelFormat.STRING ? new String[ch] : null;
        double[] lat = new double[1024];
        long n = 0, gaps = 0, missing = 0, patternErrors = 0;
        long prevIndex = -1, firstIndex = -1;
        double prevTs = Double.NaN, t0 = Double.NaN, firstArrival = Double.NaN, lastArrival = Double.NaN;
        String firstError = null;
        long start = System.nanoTime();
        long end = start + (long) (duration * 1e9);
        boolean lost = false;
        // Samples that came off the socket before this loop began waited in the inlet while it opened (resolve,
        // handshake, the time-correction probe): their age says nothing about transport, so latency starts at the
        // first sample that arrived after the loop began; the backlog gets its own line.
        long backlog = 0, live = 0;
        double oldestBacklogUs = Double.NaN;
        // liblsl's inlet does not say when a sample arrived: there, a sample stamped before the loop began waited
        double startClock = LocalClock.now();
        while (System.nanoTime() < end) {
            double ts;
            try {
                double left = Math.min(0.1, (end - System.nanoTime()) / 1e9);
                ts = texts != null ? in.pullSample(texts, Math.max(0.001, left)) : in.pullSample(values, Math.max(0.001, left));
            } catch (LostStreamException e) {
                lost = true;
                System.out.println("stream lost: " + e.getMessage() + " (from " + info.v4address() + ":"
                        + info.v4dataPort() + ")");
                break;
            }
            if (ts == 0.0) continue;
            double arrival = LocalClock.now();
            if (n == 0) firstArrival = arrival;
            lastArrival = arrival;
            double age = (arrival - (ts + tcUse)) * 1e6;
            boolean waited = in.arrivalKnown() ? in.lastArrivalNanos() < start : ts + tcUse < startClock;
            if (live == 0 && waited) {
                if (backlog == 0) oldestBacklogUs = age;
                backlog++;
            } else {
                if (live == lat.length) lat = Arrays.copyOf(lat, lat.length * 2);
                lat[(int) live++] = age;
            }
            boolean reconnected = in.takeGap();
            if (verify) {
                long idx = texts != null ? VerifyPattern.inferIndex(texts[0])
                        : (ch == 0 ? n : VerifyPattern.inferIndex(f, values[0], prevIndex));
                boolean ok = idx >= 0 && (texts != null ? VerifyPattern.matches(idx, texts, ch) : VerifyPattern.matches(f, idx, values, ch));
                if (firstIndex < 0 && idx >= 0) {
                    firstIndex = idx;
                    t0 = ts - idx / rate;
                } else if (ok && rate > 0 && Math.abs(ts - (t0 + idx / rate)) > 1e-6) {
                    ok = false;
                    if (firstError == null) firstError = "sample " + idx + ": timestamp " + ts + " != T0 + i/rate = " + (t0 + idx / rate);
                }
                if (!ok) {
                    patternErrors++;
                    if (firstError == null) firstError = "sample " + n + " (index " + idx + ") does not follow the pattern: "
                            + (texts != null ? Arrays.toString(Arrays.copyOf(texts, Math.min(ch, 4))) : Arrays.toString(Arrays.copyOf(values, Math.min(ch, 4))));
                }
                if (prevIndex >= 0 && idx > prevIndex + 1) {
                    gaps++;
                    missing += idx - prevIndex - 1;
                } else if (reconnected && prevIndex >= 0) {
                    gaps++;
                }
                if (idx >= 0) prevIndex = idx;
            } else if (!Double.isNaN(prevTs) && rate > 0 && ts - prevTs > 1.5 / rate) {
                gaps++;
                missing += Math.round((ts - prevTs) * rate) - 1;
            } else if (reconnected) {
                gaps++;
            }
            prevTs = ts;
            n++;
        }
        double span = n > 1 ? lastArrival - firstArrival : 0;
        double effective = n > 1 && span > 0 ? (n - 1) / span : 0;
        double[] sorted = Arrays.copyOf(lat, (int) live);
        Arrays.sort(sorted);
        double p50 = pct(sorted, 0.50), p99 = pct(sorted, 0.99), max = live > 0 ? sorted[(int) live - 1] : Double.NaN;
        System.out.printf(Locale.ROOT, "samples %d, effective rate %.3f Hz, gaps %d (%d missing), reconnects %d, dropped %d%n",
                n, effective, gaps, missing, in.reconnects(), in.droppedSamples());
        System.out.printf(Locale.ROOT, "opening backlog %d samples (waited in the inlet while it opened%s; not in the latency)%n",
                backlog, backlog > 0 ? String.format(Locale.ROOT, ", the oldest %.1f ms", oldestBacklogUs / 1e3) : "");
        System.out.printf(Locale.ROOT, "time correction %s s, latency from the first live sample (%d samples) p50 %.1f us, p99 %.1f us, max %.1f us%n",
                Double.isNaN(tc) ? "n/a" : String.format(Locale.ROOT, "%.6f", tc), live, p50, p99, max);
        Boolean patternOk = null;
        if (verify) {
            patternOk = n > 0 && patternErrors == 0;
            System.out.println(patternOk ? "pattern OK: every value and timestamp as documented"
                    : "pattern FAILED: " + patternErrors + " bad sample(s)" + (firstError != null ? "; first: " + firstError : (n == 0 ? "; no samples" : "")));
        }
        if (json) {
            Map<String, Object> m = Json.object();
            m.put("name", info.name());
            m.put("uid", info.uid());
            m.put("format", f.xmlName());
            m.put("channels", ch);
            m.put("nominal_rate_hz", rate);
            m.put("samples", n);
            m.put("duration_s", (System.nanoTime() - start) / 1e9);
            m.put("effective_rate_hz", effective);
            m.put("pattern_ok", patternOk);
            m.put("pattern_errors", verify ? patternErrors : null);
            m.put("gaps", gaps);
            m.put("missing_samples", missing);
            m.put("reconnects", in.reconnects());
            m.put("dropped", in.droppedSamples());
            m.put("lost", lost);
            m.put("time_correction_s", Json.number(tc));
            m.put("time_correction_uncertainty_s", Json.number(in.timeCorrectionUncertainty()));
            Map<String, Object> l = Json.object();
            l.put("p50", Json.number(p50));
            l.put("p99", Json.number(p99));
            l.put("max", Json.number(max));
            l.put("samples", live);
            m.put("latency_us", l);
            m.put("opening_backlog_samples", backlog);
            m.put("opening_backlog_oldest_us", Json.number(oldestBacklogUs));
            System.out.println(Json.line(m));
        }
        // a stream that went away for good before --duration is a failure, whatever was received before
        return lost || verify && !Boolean.TRUE.equals(patternOk) ? 1 : 0;
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int k = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, k))];
    }
}
