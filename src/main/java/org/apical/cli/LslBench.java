package org.apical.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

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
import org.apical.lsl.NativeInlet;
import org.apical.lsl.NativeOutlet;
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

    /** Pushes the first n samples of a row-major chunk, each with its own timestamp. */
    interface Out extends AutoCloseable {
        void push(float[] chunk, int n, double[] stamps);
        void close();
    }

    /** Pulls what is waiting (or waits up to the time-out for one sample); returns how many samples it pulled. */
    interface In extends AutoCloseable {
        int pull(float[] chunk, double[] stamps, double timeout);
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
                // each pair against liblsl→liblsl of the same run: above 1 is slower (latency) or faster (throughput)
                Map<String, Object> l = cast(pairs.get("liblsl->liblsl"));
                Map<String, Object> ratios = new LinkedHashMap<>();
                for (String pair : List.of("apical->apical", "liblsl->apical", "apical->liblsl")) {
                    Map<String, Object> a = cast(pairs.get(pair)), r = new LinkedHashMap<>();
                    r.put("throughput", ratio(a.get("throughput_sps"), l.get("throughput_sps")));
                    r.put("p50_latency", ratio(cast(a.get("latency_us")).get("p50"), cast(l.get("latency_us")).get("p50")));
                    r.put("p99_latency", ratio(cast(a.get("latency_us")).get("p99"), cast(l.get("latency_us")).get("p99")));
                    ratios.put(pair, r);
                }
                caseMap.put("over_liblsl", ratios);
            }
            cases.add(caseMap);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("liblsl", lib == null ? null : lib.path().toString());
        out.put("liblsl_version", lib == null ? null : lib.versionText());
        out.put("chunk", "1 ms of samples per push (paced), 64 samples (burst); pulls take what is waiting");
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
        {
            Out out = libOut ? libOutlet(lib, name, ch, rate, bufferSeconds) : apicalOutlet(name, ch, rate, bufferSeconds, cfg);
            In in;
            try {
                in = libIn ? libInlet(lib, name, bufferSeconds) : apicalInlet(name, bufferSeconds, cfg);
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
                drain(in, ch); // what the burst left in flight must not count as the paced phase's latency
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
                in.close();
                out.close();
            }
        }
    }

    /** Pulls until nothing has arrived for 200 ms. */
    private static void drain(In in, int ch) {
        float[] dst = new float[ch * MAX_CHUNK];
        double[] stamps = new double[MAX_CHUNK];
        while (in.pull(dst, stamps, 0.2) > 0) {
            // discard
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

    /** The most samples one push or pull moves: a whole 1 ms chunk at 30 kHz, with room for a late tick. */
    static final int MAX_CHUNK = 512;

    /**
     * Pushes for {@code seconds} and pulls everything. Paced, the producer wakes every millisecond and pushes the
     * samples due since the last push as one chunk (what acquisition software does: 30 samples per chunk at 30 kHz,
     * one sample now and then at 30 Hz); unpaced, it pushes 64-sample chunks as fast as it can. Every sample of a
     * chunk is stamped with the moment of its push, so latency is push → pull, the same for every pair.
     */
    private static Phase phase(Out out, In in, int ch, double rate, double seconds) throws InterruptedException {
        Phase p = new Phase();
        boolean paced = Double.isFinite(rate);
        p.lat = new double[paced ? (int) (rate * seconds) + 16 : 1 << 20];
        float[] values = new float[ch * MAX_CHUNK];
        for (int k = 0; k < values.length; k++) values[k] = k % Math.max(1, ch);
        long[] sentBox = new long[1];
        boolean[] done = new boolean[1];
        Thread producer = Thread.ofPlatform().name("bench-producer").start(() -> {
            double[] stamps = new double[MAX_CHUNK];
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long i = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) break;
                int n = paced ? (int) Math.min(MAX_CHUNK, (long) ((now - start) / 1e9 * rate) + 1 - i) : 64;
                if (n > 0) {
                    Arrays.fill(stamps, 0, n, LocalClock.now());
                    out.push(values, n, stamps);
                    i += n;
                }
                if (paced) LockSupport.parkNanos(Math.min(end - now, 1_000_000L));
            }
            synchronized (sentBox) {
                sentBox[0] = i;
                done[0] = true;
            }
        });
        p.firstPush = LocalClock.now();
        float[] dst = new float[ch * MAX_CHUNK];
        double[] stamps = new double[MAX_CHUNK];
        double idleSince = Double.NaN;
        while (true) {
            int n = in.pull(dst, stamps, 0.05);
            double now = LocalClock.now();
            if (n > 0) {
                for (int k = 0; k < n; k++) {
                    if (p.received < p.lat.length) p.lat[(int) p.received] = (now - stamps[k]) * 1e6;
                    p.received++;
                }
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
            public void push(float[] v, int n, double[] stamps) { o.pushChunk(v, n, stamps); }
            public void close() { o.close(); }
        };
    }

    private static In apicalInlet(String name, double buf, LslConfig cfg) throws Exception {
        List<StreamInfo> found = Resolver.resolveByProp(cfg, "name", name, 1, 5);
        if (found.isEmpty()) throw new IllegalStateException("stream " + name + " not found");
        StreamInlet i = new StreamInlet(found.getFirst(), InletOptions.defaults().withConfig(cfg).withMaxBufferSeconds(buf));
        return new In() {
            public int pull(float[] v, double[] stamps, double timeout) { return i.pullChunk(v, stamps, timeout); }
            public void close() { i.close(); }
        };
    }

    private static Out libOutlet(LibLsl lib, String name, int ch, double rate, double buf) {
        NativeOutlet o = new NativeOutlet(lib, StreamInfo.create(name, "Bench", ch, rate, ChannelFormat.FLOAT32, name), buf, MAX_CHUNK);
        return new Out() {
            public void push(float[] v, int n, double[] stamps) { o.pushChunk(v, n, stamps); }
            public void close() { o.close(); }
        };
    }

    private static In libInlet(LibLsl lib, String name, double buf) throws Exception {
        NativeInlet i = NativeInlet.open(lib, "name='" + name + "'", 5, buf, ChannelFormat.FLOAT32, MAX_CHUNK);
        return new In() {
            public int pull(float[] v, double[] stamps, double timeout) {
                int n = i.pull(timeout);
                for (int k = 0; k < n; k++) {
                    stamps[k] = i.stamp(k);
                    i.copyTo(k, v, k * i.channelCount());
                }
                return n;
            }
            public void close() { i.close(); }
        };
    }
}
