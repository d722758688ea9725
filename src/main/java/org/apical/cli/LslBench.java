package org.apical.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.lsl.InletOptions;
import org.apical.lsl.LibLsl;
import org.apical.lsl.LocalClock;
import org.apical.lsl.LslConfig;
import org.apical.lsl.Resolver;
import org.apical.lsl.StreamInlet;
import org.apical.lsl.StreamOutlet;

/**
 * Loopback LSL benchmark: one-way latency percentiles at a paced rate and unpaced throughput, float32, for
 * Apical→Apical and (with a liblsl) liblsl→liblsl and both mixed pairs. Run by {@code apical bench lsl}; when liblsl
 * takes part this runs in a child JVM whose working directory holds a machine-scope lsl_api.cfg (liblsl 1.12 reads
 * its configuration only from there), so not one packet leaves the machine.
 */
public final class LslBench {
    /** The two cases of the issue: imaging-like (1,000 ROIs at 30 Hz) and ephys-like (384 channels at 30 kHz). */
    public static final int[][] CASES = {{1000, 30}, {384, 30_000}};

    private LslBench() {}

    interface Out extends AutoCloseable {
        void push(float[] v, double ts);
        void close();
    }

    interface In extends AutoCloseable {
        double pull(float[] v, double timeout);
        void close();
    }

    record Pair(Out out, In in) {}

    public static void main(String[] args) throws Exception {
        String lib = null;
        double seconds = 2;
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--liblsl" -> lib = args[++k];
                case "--seconds" -> seconds = Double.parseDouble(args[++k]);
                default -> throw new IllegalArgumentException("unknown argument " + args[k]);
            }
        }
        Map<String, Object> r = run(lib == null ? null : LibLsl.load(Path.of(lib)), seconds, LslConfig.machineOnly());
        System.out.println(new ObjectMapper().writeValueAsString(r));
        System.exit(0); // liblsl's background threads must not keep the child alive
    }

    /** Runs every case and pair; {@code lib} may be null (Apical only). */
    public static Map<String, Object> run(LibLsl lib, double seconds, LslConfig cfg) throws Exception {
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int[] c : CASES) {
            int ch = c[0];
            double rate = c[1];
            double paced = rate < 100 ? Math.max(2, seconds) : seconds;
            Map<String, Object> pairs = new LinkedHashMap<>();
            String[] names = lib == null ? new String[]{"apical->apical"}
                    : new String[]{"apical->apical", "liblsl->liblsl", "liblsl->apical", "apical->liblsl"};
            for (String pairName : names) {
                pairs.put(pairName, runPair(lib, pairName, ch, rate, paced, Math.min(0.5, seconds / 2), cfg));
            }
            Map<String, Object> caseMap = new LinkedHashMap<>();
            caseMap.put("channels", ch);
            caseMap.put("rate_hz", rate);
            caseMap.put("format", "float32");
            caseMap.put("pairs", pairs);
            if (lib != null) {
                Map<String, Object> a = cast(pairs.get("apical->apical")), l = cast(pairs.get("liblsl->liblsl"));
                Map<String, Object> ratios = new LinkedHashMap<>();
                ratios.put("throughput_apical_over_liblsl", ratio(a.get("throughput_sps"), l.get("throughput_sps")));
                ratios.put("p99_latency_apical_over_liblsl", ratio(cast(a.get("latency_us")).get("p99"), cast(l.get("latency_us")).get("p99")));
                caseMap.put("ratios", ratios);
            }
            cases.add(caseMap);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("liblsl", lib == null ? null : lib.path().toString());
        out.put("liblsl_version", lib == null ? null : lib.libraryVersion());
        out.put("cases", cases);
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o) { return (Map<String, Object>) o; }

    static Object finite(double v) { return Double.isFinite(v) ? v : null; }

    static Object ratio(Object a, Object b) {
        if (!(a instanceof Number x) || !(b instanceof Number y) || y.doubleValue() == 0) return null;
        return x.doubleValue() / y.doubleValue();
    }

    private static Map<String, Object> runPair(LibLsl lib, String pairName, int ch, double rate, double pacedSeconds,
                                               double burstSeconds, LslConfig cfg) throws Exception {
        String name = "bench-" + pairName.replace("->", "-") + "-" + ch + "x" + (int) rate;
        boolean libOut = pairName.startsWith("liblsl"), libIn = pairName.endsWith("liblsl");
        double bufferSeconds = 8192 / rate; // 8192 samples each side: enough for the paced phase, bounded memory
        long t0 = System.nanoTime();
        try (Arena arena = Arena.ofShared()) {
            Out out = libOut ? libOutlet(lib, arena, name, ch, rate, bufferSeconds) : apicalOutlet(name, ch, rate, bufferSeconds, cfg);
            In in;
            try {
                in = libIn ? libInlet(lib, arena, name, ch, bufferSeconds) : apicalInlet(name, ch, bufferSeconds, cfg, libOut, out);
            } catch (Exception e) {
                out.close();
                throw e;
            }
            try {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("setup_s", (System.nanoTime() - t0) / 1e9);
                Thread.sleep(100);
                // The burst first: it also warms up the JIT, so the paced latencies are not a cold start.
                Phase burst = phase(out, in, ch, Double.POSITIVE_INFINITY, burstSeconds);
                long pacedStart = System.nanoTime();
                Phase p = phase(out, in, ch, rate, pacedSeconds);
                m.put("paced_sent", p.sent);
                m.put("paced_received", p.received);
                m.put("paced_received_per_s", p.received / pacedSeconds);
                Map<String, Object> lat = new LinkedHashMap<>();
                lat.put("p50", finite(p.pct(0.50)));
                lat.put("p99", finite(p.pct(0.99)));
                lat.put("max", finite(p.pct(1.0)));
                m.put("latency_us", lat);
                m.put("paced_phase_s", (System.nanoTime() - pacedStart) / 1e9);
                m.put("burst_sent", burst.sent);
                m.put("burst_received", burst.received);
                m.put("throughput_sps", burst.throughput());
                return m;
            } finally {
                long c0 = System.nanoTime();
                in.close();
                out.close();
            }
        }
    }

    static final class Phase {
        long sent, received;
        double[] lat;
        double firstPush, lastArrival;

        double pct(double p) {
            if (received == 0) return Double.NaN;
            double[] s = Arrays.copyOf(lat, (int) Math.min(received, lat.length));
            Arrays.sort(s);
            int k = (int) Math.ceil(p * s.length) - 1;
            return s[Math.max(0, Math.min(s.length - 1, k))];
        }

        double throughput() { return received > 1 ? received / (lastArrival - firstPush) : 0; }
    }

    /** Pushes for {@code seconds} (paced at rate, or as fast as possible if rate is infinite) and pulls everything. */
    private static Phase phase(Out out, In in, int ch, double rate, double seconds) throws InterruptedException {
        Phase p = new Phase();
        boolean paced = Double.isFinite(rate);
        p.lat = new double[paced ? (int) (rate * seconds) + 16 : 1 << 20];
        float[] values = new float[ch];
        for (int k = 0; k < ch; k++) values[k] = k;
        long[] sentBox = new long[1];
        boolean[] done = new boolean[1];
        Thread producer = Thread.ofPlatform().name("bench-producer").start(() -> {
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long i = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) break;
                if (paced) {
                    long due = (long) ((now - start) / 1e9 * rate) + 1;
                    for (; i < due; i++) out.push(values, LocalClock.now());
                    LockSupport.parkNanos(Math.min(end - now, Math.max(20_000L, (long) (1e9 / rate / 2))));
                } else {
                    for (int b = 0; b < 64; b++, i++) out.push(values, LocalClock.now());
                }
            }
            synchronized (sentBox) {
                sentBox[0] = i;
                done[0] = true;
            }
        });
        p.firstPush = LocalClock.now();
        float[] dst = new float[ch];
        double idleSince = Double.NaN;
        while (true) {
            double ts = in.pull(dst, 0.05);
            double now = LocalClock.now();
            if (ts != 0.0) {
                if (p.received < p.lat.length) p.lat[(int) p.received] = (now - ts) * 1e6;
                p.received++;
                p.lastArrival = now;
                idleSince = Double.NaN;
                continue;
            }
            boolean finished;
            synchronized (sentBox) { finished = done[0]; }
            if (finished) {
                if (Double.isNaN(idleSince)) idleSince = now;
                if (p.received >= sentBox[0] || now - idleSince > 0.3) break;
            }
        }
        producer.join();
        p.sent = sentBox[0];
        return p;
    }

    // ------------------------------------------------------------------ endpoints

    private static Out apicalOutlet(String name, int ch, double rate, double buf, LslConfig cfg) throws Exception {
        StreamOutlet o = new StreamOutlet(StreamInfo.create(name, "Bench", ch, rate, ChannelFormat.FLOAT32, name), buf, cfg);
        return new Out() {
            public void push(float[] v, double ts) { o.pushSample(v, ts); }
            public void close() { o.close(); }
            @Override public String toString() { return o.info().uid(); }
        };
    }

    private static In apicalInlet(String name, int ch, double buf, LslConfig cfg, boolean libOut, Out out) throws Exception {
        StreamInfo target;
        List<StreamInfo> found = Resolver.resolveByProp(cfg, "name", name, 1, 5);
        if (found.isEmpty()) throw new IllegalStateException("stream " + name + " not found");
        target = found.getFirst();
        StreamInlet i = new StreamInlet(target, InletOptions.defaults().withConfig(cfg).withMaxBufferSeconds(buf));
        return new In() {
            public double pull(float[] v, double timeout) { return i.pullSample(v, timeout); }
            public void close() { i.close(); }
        };
    }

    private static Out libOutlet(LibLsl lib, Arena arena, String name, int ch, double rate, double buf) {
        MemorySegment info = lib.createStreamInfo(name, "Bench", ch, rate, ChannelFormat.FLOAT32, name);
        MemorySegment o = lib.createOutlet(info, 0, (int) Math.ceil(buf));
        MemorySegment native_ = LibLsl.buffer(arena, ChannelFormat.FLOAT32, ch);
        return new Out() {
            public void push(float[] v, double ts) {
                MemorySegment.copy(v, 0, native_, ValueLayout.JAVA_FLOAT, 0, v.length);
                lib.pushSample(o, ChannelFormat.FLOAT32, native_, ts);
            }
            public void close() {
                lib.destroyOutlet(o);
                lib.destroyStreamInfo(info);
            }
        };
    }

    private static In libInlet(LibLsl lib, Arena arena, String name, int ch, double buf) {
        List<MemorySegment> found = lib.resolveByProp("name", name, 1, 5);
        if (found.isEmpty()) throw new IllegalStateException("liblsl did not find stream " + name);
        MemorySegment i = lib.createInlet(found.getFirst(), (int) Math.ceil(buf), 0, true);
        lib.openStream(i, 5);
        MemorySegment native_ = LibLsl.buffer(arena, ChannelFormat.FLOAT32, ch);
        return new In() {
            public double pull(float[] v, double timeout) {
                double ts = lib.pullSample(i, ChannelFormat.FLOAT32, native_, ch, timeout);
                if (ts != 0.0) MemorySegment.copy(native_, ValueLayout.JAVA_FLOAT, 0, v, 0, ch);
                return ts;
            }
            public void close() {
                lib.destroyInlet(i);
                for (MemorySegment m : found) lib.destroyStreamInfo(m);
            }
        };
    }
}
