package org.apical.cli;

import org.apical.lsl.LocalClock;
import org.apical.lsl.LslConfig;
import org.apical.lsl.VerifyPattern;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.apical.core.UserException;

/**
 * {@code apical lsl send}: publishes a test stream following {@link VerifyPattern}: sample i, channel c = i + 1000·c
 * (int16: mod 32000, int8: (i + 10·c) mod 100, string: its decimal text), timestamp T0 + i/rate.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Publish a test stream whose values follow the documented pattern (see docs/lsl.md).")
public final class LslSendCommand implements Callable<Integer> {
    @Mixin LslScopeOption scope;
    @Option(names = "--name", required = true, description = "Stream name.") String name;
    @Option(names = "--type", defaultValue = "Test", description = "Stream type (default ${DEFAULT-VALUE}).") String type;
    @Option(names = "--channels", defaultValue = "8", description = "Channel count (default ${DEFAULT-VALUE}).") int channels;
    @Option(names = "--rate", defaultValue = "100", description = "Nominal rate in Hz, > 0 (default ${DEFAULT-VALUE}).") double rate;
    @Option(names = "--format", defaultValue = "float32",
            description = "float32, double64, int32, int64, int16, int8 or string (default ${DEFAULT-VALUE}).") String format;
    @Option(names = "--duration", defaultValue = "0", paramLabel = "S", description = "Seconds to send; 0 = until interrupted (default).") double duration;
    @Option(names = "--source-id", description = "source_id (default apical-send-NAME), lets receivers recover after a restart.") String sourceId;
    @Option(names = "--wait-for-consumer", paramLabel = "S", defaultValue = "0",
            description = "Wait up to S seconds for a receiver before T0 (default: start at once).") double waitForConsumer;
    @Option(names = "--json", description = "Print a JSON summary as the last line.") boolean json;

    @Override public Integer call() throws Exception {
        ChannelFormat f = ChannelFormat.fromXmlName(format);
        if (f == null) throw new UserException("--format '" + format + "': expected float32, double64, int32, int64, int16, int8 or string");
        if (!(rate > 0)) throw new UserException("--rate " + rate + ": must be > 0 (the pattern's timestamps are T0 + i/rate)");
        if (channels < 1 || channels > 100_000) throw new UserException("--channels " + channels + ": must be 1..100000");
        if (duration < 0) throw new UserException("--duration " + duration + ": must be >= 0");
        LslConfig cfg = scope.config();
        List<XmlElement> chans = new ArrayList<>();
        for (int c = 0; c < Math.min(channels, 4096); c++) chans.add(XmlElement.of("channel", XmlElement.text("label", "ch" + c)));
        XmlElement desc = XmlElement.of("desc", XmlElement.text("manufacturer", "Apical"),
                XmlElement.text("pattern", "apical-verify-1"), XmlElement.of("channels", chans));
        StreamInfo info = StreamInfo.create(name, type, channels, rate, f, sourceId != null ? sourceId : "apical-send-" + name).withDesc(desc);
        org.apical.lsl.LslBackend backend = scope.backend();
        try (org.apical.lsl.SampleOutlet out = backend.outlet(info, 10, cfg)) {
            System.out.printf(Locale.ROOT, "sending '%s' (%s, %d × %s at %.6g Hz, uid %s) on TCP %d, UDP %d, scope %s%n",
                    name, type, channels, f.xmlName(), rate, out.info().uid(), out.info().v4dataPort(),
                    out.info().v4servicePort(), cfg.scope().configName());
            System.out.flush();
            if (waitForConsumer > 0) out.waitForConsumers(waitForConsumer);
            double t0 = LocalClock.now();
            long start = System.nanoTime();
            long end = duration > 0 ? start + (long) (duration * 1e9) : Long.MAX_VALUE;
            double[] values = new double[channels];
            String[] texts = new String[channels];
            long i = 0;
            int maxConsumers = 0;
            while (true) {
                long now = System.nanoTime();
                long due = (long) Math.floor((now - start) / 1e9 * rate) + 1;
                if (now >= end) due = Math.min(due, (long) Math.ceil(duration * rate));
                for (; i < due; i++) {
                    double ts = t0 + i / rate;
                    if (f == ChannelFormat.STRING) {
                        VerifyPattern.fill(i, texts, channels);
                        out.pushSample(texts, ts);
                    } else {
                        VerifyPattern.fill(f, i, values, channels);
                        out.pushSample(values, ts);
                    }
                }
                maxConsumers = Math.max(maxConsumers, out.consumerCount());
                if (now >= end) break;
                long next = start + (long) Math.ceil(i / rate * 1e9);
                LockSupport.parkNanos(Math.max(0, Math.min(next - System.nanoTime(), 1_000_000L)));
            }
            maxConsumers = Math.max(maxConsumers, out.consumerCount());
            // Apical's outlet sends its consumers the last samples when it closes; liblsl's ends its connections at
            // once, so give them a moment first
            if (backend.isNative()) Thread.sleep(200);
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "sent %d samples in %.3f s (%.1f samples/s), consumers seen: %d, dropped for slow consumers: %d%n",
                    i, elapsed, i / elapsed, maxConsumers, (out instanceof org.apical.lsl.StreamOutlet so ? so.droppedSamples() : 0));
            if (json) {
                Map<String, Object> m = Json.object();
                m.put("name", name);
                m.put("uid", out.info().uid());
                m.put("format", f.xmlName());
                m.put("channels", channels);
                m.put("rate_hz", rate);
                m.put("samples", i);
                m.put("duration_s", elapsed);
                m.put("t0", t0);
                m.put("consumers_max", maxConsumers);
                m.put("dropped", (out instanceof org.apical.lsl.StreamOutlet so ? so.droppedSamples() : 0));
                System.out.println(Json.line(m));
            }
        }
        return 0;
    }
}
