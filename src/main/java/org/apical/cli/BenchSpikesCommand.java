package org.apical.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.apical.config.Definitions;
import org.apical.core.UserException;
import org.apical.lsl.LocalClock;
import org.apical.lsl.LslConfig;
import org.apical.lsl.StreamOutlet;
import org.apical.pipeline.SessionListener;
import org.apical.reward.SimulatedRewardOutput;
import org.apical.session.Session;
import org.apical.session.Sources;
import org.apical.spikes.SpikeBinner;
import org.apical.spikes.SpikeEventSource;
import org.apical.spikes.UnitIds;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code apical bench spikes}: spike events binned by Apical. The binning code alone (cost and allocation per event,
 * 1,000 units), then a live session on loopback LSL: an outlet sends spikes at the given rate across the units, one
 * sample per spike stamped with its time, and the session bins them (input.kind: spike_events) and decides on every
 * bin. The latency binning adds is measured from each bin's close time (its end plus the bin latency: the wait the
 * rig file asks for) to its decision.
 */
@Command(name = "spikes", mixinStandardHelpOptions = true,
        description = {"Spike events binned by Apical: binning cost per event (1,000 units), and a live session on"
                + " loopback LSL at --rate spikes/s across --units units: bin close time -> decision (the latency the"
                + " binning adds), spike time -> decision, LSL transport. --json: one JSON object on the last line."})
public final class BenchSpikesCommand implements Callable<Integer> {
    @Option(names = "--rate", defaultValue = "10000", description = "Spikes per second (default ${DEFAULT-VALUE}).")
    int rate;
    @Option(names = "--units", defaultValue = "1000", description = "Units (default ${DEFAULT-VALUE}).")
    int units;
    @Option(names = "--seconds", defaultValue = "5", description = "Seconds of live session (default ${DEFAULT-VALUE}).")
    double seconds;
    @Option(names = "--bin-ms", defaultValue = "50", description = "Bin width, ms (default ${DEFAULT-VALUE}).")
    double binMs;
    @Option(names = "--latency-ms", defaultValue = "5", description = "Bin latency, ms (default ${DEFAULT-VALUE}).")
    double latencyMs;
    @Option(names = "--json", description = "Print the figures as one JSON object on the last line.")
    boolean json;

    @Override public Integer call() throws Exception {
        if (rate < 1 || rate > 1_000_000) throw new UserException("--rate " + rate + ": must be 1 to 1,000,000");
        if (units < 1 || units > 100_000) throw new UserException("--units " + units + ": must be 1 to 100,000");
        if (!(seconds >= 1) || seconds > 600) throw new UserException("--seconds " + seconds + ": must be 1 to 600");
        if (!(binMs >= 1) || !(latencyMs >= 0)) throw new UserException("--bin-ms ≥ 1 and --latency-ms ≥ 0");
        Map<String, Object> m = Json.object();
        m.put("rate_per_s", rate);
        m.put("units", units);
        m.put("bin_ms", binMs);
        m.put("latency_ms", latencyMs);
        binningCost(m);
        live(Json.object(), Math.min(seconds, 2), false); // warm-up: the JIT compiles the inlet and the decision path
        live(m, seconds, true);
        if (json) System.out.println(Json.line(m));
        return 0;
    }

    /** The binner and the unit lookup alone, on this thread: time and bytes per event. */
    private void binningCost(Map<String, Object> m) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = 2_000_000;
        double[] ids = new double[n];
        double[] ts = new double[n];
        SplittableRandom r = new SplittableRandom(1);
        double t = 1000;
        for (int i = 0; i < n; i++) {
            t += -Math.log(1 - r.nextDouble()) / rate;
            ts[i] = t + (r.nextDouble() - 0.5) * 0.002; // a little out of order, as packets come
            ids[i] = r.nextInt(units);
        }
        UnitIds unitIds = UnitIds.count(units);
        double[] out = new double[units];
        double best = Double.POSITIVE_INFINITY;
        long bytes = 0;
        long sink = 0;
        for (int round = 0; round < 5; round++) {
            SpikeBinner b = new SpikeBinner(binMs / 1e3, latencyMs / 1e3, units);
            b.start(ts[0] - 0.01);
            long before = mx.getThreadAllocatedBytes(Thread.currentThread().threadId());
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                b.add(unitIds.channelOf(ids[i]), ts[i]);
                if (b.closeIfDue(ts[i], out)) sink += (long) out[0];
            }
            long elapsed = System.nanoTime() - t0;
            bytes = mx.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before;
            best = Math.min(best, elapsed / (double) n);
        }
        System.out.printf(Locale.ROOT, "binning: %.1f ns per event (best of 5 × %,d events, %d units), %d bytes allocated"
                + " per round (%d spikes of unit 0 in closed bins)%n", best, n, units, bytes, sink);
        m.put("binning_ns_per_event", Json.number(best));
        m.put("binning_bytes_allocated", bytes);
    }

    /** A real session on a spike-event stream sent over loopback LSL at the given rate. */
    private void live(Map<String, Object> m, double seconds, boolean print) throws Exception {
        String name = "apical-bench-spikes-" + ProcessHandle.current().pid() + (print ? "" : "-warmup");
        String rig = """
                name: bench-spikes
                input:
                  source: lsl
                  kind: spike_events
                  bin: %s ms
                  bin_latency: %s ms
                  units: %d
                  scope: machine
                  resolve_timeout: 5 s
                  stream: {name: %s}
                """.formatted(binMs, latencyMs, units, name);
        Definitions defs = Definitions.parse(rig, "bench-spikes.yaml", Files.readString(UserFiles.resolve(
                "decoders/default.yaml")), "decoders/default.yaml", Files.readString(UserFiles.resolve(
                "stimuli/grating.yaml")), "stimuli/grating.yaml");
        StreamInfo info = StreamInfo.create(name, "SpikeEvents", 1, 0, ChannelFormat.INT32, name)
                .withDesc(XmlElement.of("desc", XmlElement.of("channels", XmlElement.of("channel",
                        XmlElement.text("label", "unit")))));
        LslConfig cfg = LslConfig.machineOnly();
        long bins = Math.round(seconds / (binMs / 1e3));
        try (StreamOutlet outlet = new StreamOutlet(info, 10, cfg)) {
            Sources.Opened opened = Sources.lsl(defs, bins);
            SpikeEventSource source = (SpikeEventSource) opened.source();
            Session session = new Session(defs, source, List.of(new SimulatedRewardOutput()), new SessionListener() {});
            Thread sender = Thread.ofPlatform().name("bench-spike-sender").daemon(true).start(() -> send(outlet));
            long wall = System.nanoTime();
            session.run();
            double wallS = (System.nanoTime() - wall) / 1e9;
            sender.interrupt();
            sender.join(2000);
            var st = source.stats();
            double latency = latencyMs * 1e3;
            var e2e = session.monitor().endToEndLatency().microseconds(); // bin end → decision
            var overdue = source.overdue().microseconds();
            var decide = session.monitor().decisionLatency().microseconds();
            var transport = source.transportLatency().microseconds();
            if (!print) {
                opened.source().close();
                return;
            }
            System.out.printf(Locale.ROOT, "live: %,d spikes in %d bins over %.1f s (%,.0f spikes/s received), %d late,"
                            + " %d unknown, %d samples lost%n", st.events(), st.bins(), wallS, st.events() / wallS,
                    st.late(), st.unknown(), session.monitor().lostSamples());
            System.out.printf(Locale.ROOT, "bin end -> decision: p50 %.0f us, p99 %.0f us, max %.0f us (the bin latency"
                    + " is %.0f us of it)%n", e2e.p50(), e2e.p99(), e2e.max(), latency);
            System.out.printf(Locale.ROOT, "added by binning (bin close time -> decision): p50 %.0f us, p99 %.0f us, max"
                    + " %.0f us%n", e2e.p50() - latency, e2e.p99() - latency, e2e.max() - latency);
            System.out.printf(Locale.ROOT, "  bin close time -> bin in the pipeline: p50 %.0f us, p99 %.0f us;"
                    + " bin in the pipeline -> decision: p50 %.0f us, p99 %.0f us%n", overdue.p50(), overdue.p99(),
                    decide.p50(), decide.p99());
            System.out.printf(Locale.ROOT, "LSL transport (spike time -> pulled): p50 %.0f us, p99 %.0f us%n",
                    transport.p50(), transport.p99());
            m.put("events", st.events());
            m.put("bins", st.bins());
            m.put("received_per_s", Json.number(st.events() / wallS));
            m.put("late", st.late());
            m.put("unknown_units", st.unknown());
            m.put("lost", session.monitor().lostSamples());
            m.put("bin_end_to_decision_us", e2e);
            Map<String, Object> addedUs = Json.object();
            addedUs.put("p50", Json.number(e2e.p50() - latency));
            addedUs.put("p99", Json.number(e2e.p99() - latency));
            addedUs.put("max", Json.number(e2e.max() - latency));
            m.put("added_latency_us", addedUs);
            m.put("close_to_pipeline_us", overdue);
            m.put("pipeline_to_decision_us", decide);
            m.put("transport_us", transport);
            opened.source().close();
        }
    }

    /** Spikes at {@code rate} per second in 1 ms packets, random units, each stamped with its own time. */
    private void send(StreamOutlet outlet) {
        SplittableRandom r = new SplittableRandom(2);
        double[] one = new double[1];
        double next = LocalClock.now();
        double carry = 0;
        try {
            while (!outlet.waitForConsumers(0.5)) if (Thread.currentThread().isInterrupted()) return;
        } catch (InterruptedException e) {
            return;
        }
        while (!Thread.currentThread().isInterrupted()) {
            next += 0.001;
            long wait = (long) ((next - LocalClock.now()) * 1e9);
            if (wait > 0) LockSupport.parkNanos(wait);
            carry += rate * 0.001;
            int k = (int) carry;
            carry -= k;
            for (int i = 0; i < k; i++) {
                one[0] = r.nextInt(units);
                outlet.pushSample(one, next - 0.001 + (i + 0.5) * 0.001 / k);
            }
        }
    }

}
