package org.apical.cli;

import org.apical.lsl.ContinuousResolver;
import org.apical.lsl.LslConfig;
import org.apical.lsl.Resolver;
import org.apical.stream.StreamInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code apical lsl list}: a table of the streams on the network, refreshed until interrupted or once. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List LSL streams (name, type, channels, rate, format, host, source_id).")
public final class LslListCommand implements Callable<Integer> {
    @Mixin LslScopeOption scope;
    @Option(names = "--once", description = "Resolve once and exit (waits --wait seconds).") boolean once;
    @Option(names = "--wait", defaultValue = "1.0", paramLabel = "S", description = "Seconds to wait for answers with --once (default ${DEFAULT-VALUE}).") double wait;
    @Option(names = "--interval", defaultValue = "2.0", paramLabel = "S", description = "Seconds between refreshes (default ${DEFAULT-VALUE}).") double interval;
    @Option(names = "--json", description = "One JSON object per listing (with --once: the last line of output).") boolean json;

    @Override public Integer call() throws Exception {
        scope.javaOnly("lsl list");
        LslConfig cfg = scope.config();
        if (once) {
            print(Resolver.resolveAll(cfg, wait), cfg);
            return 0;
        }
        try (ContinuousResolver r = new ContinuousResolver(cfg, null, 5.0)) {
            Thread.sleep((long) (Math.max(1.0, wait) * 1000));
            while (!Thread.currentThread().isInterrupted()) {
                print(r.results(), cfg);
                Thread.sleep((long) (interval * 1000));
            }
        }
        return 0;
    }

    private void print(List<StreamInfo> found, LslConfig cfg) {
        List<StreamInfo> streams = new ArrayList<>(found);
        streams.sort(Comparator.comparing(StreamInfo::name).thenComparing(StreamInfo::sourceId));
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (StreamInfo s : streams) {
                Map<String, Object> m = Json.object();
                m.put("name", s.name());
                m.put("type", s.type());
                m.put("channel_count", s.channelCount());
                m.put("nominal_srate", s.nominalSrate());
                m.put("channel_format", s.channelFormat().xmlName());
                m.put("hostname", s.hostname());
                m.put("source_id", s.sourceId());
                m.put("uid", s.uid());
                m.put("address", s.v4address());
                m.put("data_port", s.v4dataPort());
                list.add(m);
            }
            Map<String, Object> out = Json.object();
            out.put("scope", cfg.scope().configName());
            out.put("count", streams.size());
            out.put("streams", list);
            System.out.println(Json.line(out));
            System.out.flush();
            return;
        }
        String fmt = "%-24s %-12s %8s %10s %-9s %-20s %s%n";
        System.out.printf(Locale.ROOT, fmt, "NAME", "TYPE", "CHANNELS", "RATE", "FORMAT", "HOST", "SOURCE_ID");
        for (StreamInfo s : streams) {
            System.out.printf(Locale.ROOT, fmt, s.name(), s.type(), s.channelCount(),
                    s.nominalSrate() > 0 ? String.format(Locale.ROOT, "%.6g", s.nominalSrate()) : "irregular",
                    s.channelFormat().xmlName(), s.hostname(), s.sourceId());
        }
        System.out.printf(Locale.ROOT, "%d stream(s), scope %s%n", streams.size(), cfg.scope().configName());
        System.out.flush();
    }
}
