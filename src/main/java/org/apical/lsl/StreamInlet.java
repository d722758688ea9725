package org.apical.lsl;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;

/**
 * An LSL inlet: receives one stream. The constructor fetches the full info and completes the first handshake
 * (test patterns verified), so every sample pushed after it returns is delivered. A receiver thread decodes
 * samples from the socket straight into a preallocated ring; pull methods copy from the ring into the caller's
 * array without allocating (numeric formats). The receiver stamps each sample with the time it came off the socket
 * ({@link #lastArrivalNanos()}).
 * <p>
 * Pull methods return the sample's timestamp, or {@code 0.0} on time-out (as liblsl). When the outlet restarts
 * with the same {@code source_id}, the inlet resolves it again and reconnects by itself; the gap is visible through
 * {@link #reconnects()} and {@link #takeGap()}. Pull from one thread at a time.
 */
public final class StreamInlet implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.apical.lsl");

    private final InletOptions opts;
    private final LslConfig cfg;
    private volatile StreamInfo info;
    private final ChannelFormat format;
    private final int channels;
    private final double rate;
    private final SampleRing ring;
    private final long bufferLimit;
    private final TimeCorrection time;
    private final Dejitter dejitter;
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean gap;
    private volatile boolean clockReset;
    private volatile boolean lost;
    private volatile String lostReason = "";
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile Thread waiter;
    private volatile Socket socket;
    private final Thread receiver;
    private long cursor;
    private double lastStamp;
    private long lastArrival;
    private double lastProcessed = Double.NEGATIVE_INFINITY;
    private final String[] stringScratch;
    private final java.util.function.DoubleUnaryOperator processor = this::process;

    public StreamInlet(StreamInfo resolved) throws IOException { this(resolved, InletOptions.defaults()); }

    /**
     * Resolves a stream by name (and type / source_id when not empty) and opens an inlet on it; a missing stream is
     * an {@link IOException} naming the query and the scope.
     */
    public static StreamInlet open(String name, String type, String sourceId, double timeoutSeconds, InletOptions options)
            throws IOException {
        StreamInfo found = Resolver.find(options.config(), name, type, sourceId, timeoutSeconds);
        if (found == null) {
            throw new IOException("no LSL stream named '" + name + "'" + (type == null || type.isEmpty() ? "" : " of type '" + type + "'")
                    + (sourceId == null || sourceId.isEmpty() ? "" : " with source_id '" + sourceId + "'")
                    + " answered within " + timeoutSeconds + " s (scope " + options.config().scope().configName() + ")");
        }
        return new StreamInlet(found, options);
    }

    public StreamInlet(StreamInfo resolved, InletOptions options) throws IOException {
        this.opts = options;
        this.cfg = options.config();
        this.info = Resolver.fullInfo(resolved, Math.min(5.0, options.handshakeSeconds()));
        this.format = info.channelFormat();
        this.channels = info.channelCount();
        this.rate = info.nominalSrate();
        this.bufferLimit = Math.max(1, (long) Math.ceil(options.maxBufferSeconds() * (rate > 0 ? rate : 100)));
        this.ring = new SampleRing(format, channels, (int) Math.min(1 << 24, bufferLimit), true);
        this.stringScratch = format == ChannelFormat.STRING ? new String[channels] : null;
        this.time = new TimeCorrection(cfg, new InetSocketAddress(host(info), info.v4servicePort()));
        this.dejitter = options.dejitter() && rate > 0 ? new Dejitter(rate, cfg.smoothingHalftime()) : null;
        if (options.clockSync()) time.ensureStarted();
        Connection first;
        try {
            first = connect(info);
        } catch (IOException | RuntimeException e) {
            time.close();
            throw LslHandshakeException.of(info, "streamfeed", opts.handshakeSeconds(), e);
        }
        this.receiver = Thread.ofPlatform().daemon().name("lsl-inlet-" + info.name()).unstarted(() -> receiveLoop(first));
        receiver.start();
    }

    private static String host(StreamInfo i) { return i.v4address().isEmpty() ? "127.0.0.1" : i.v4address(); }

    // ------------------------------------------------------------------ public API

    /** The full info of the stream (desc included), refreshed after a recovery. */
    public StreamInfo info() { return info; }

    public int channelCount() { return channels; }

    /** Samples waiting to be pulled. */
    public long samplesAvailable() { return Math.min(bufferLimit, ring.head() - cursor); }

    /** Samples the receiver has decoded from the socket so far (pulled, waiting or dropped by the buffer limit). */
    long samplesReceived() { return ring.head(); }

    /** Times the inlet reconnected (after the outlet restarted or the connection broke). */
    public long reconnects() { return reconnects.get(); }

    /** Samples dropped because the caller did not pull fast enough (buffer limit reached). */
    public long droppedSamples() { return dropped.get(); }

    /** True once after each reconnect: the samples before and after it are not contiguous. */
    public boolean takeGap() {
        boolean g = gap;
        if (g) gap = false;
        return g;
    }

    /** True once after a recovery switched to a new outlet (its clock may differ; liblsl's {@code was_clock_reset}). */
    public boolean wasClockReset() {
        boolean r = clockReset;
        if (r) clockReset = false;
        return r;
    }

    public boolean isConnected() { return connected; }

    public boolean isLost() { return lost; }

    /** Why the stream was lost (empty while it is not). */
    public String lostReason() { return lostReason; }

    /**
     * {@code local − remote} clock offset (add it to the stream's timestamps to get local time), from the
     * outlet's time service; the first call waits up to {@code timeoutSeconds} for the first estimate.
     */
    public double timeCorrection(double timeoutSeconds) throws TimeoutException, InterruptedException {
        return time.get(timeoutSeconds).correction();
    }

    /** Round-trip time of the probe that gave the current correction (its uncertainty), or NaN if none yet. */
    public double timeCorrectionUncertainty() {
        TimeCorrection.Estimate e = time.latest();
        return e == null ? Double.NaN : e.uncertainty();
    }

    /**
     * {@code System.nanoTime()} when the sample last pulled (the last of a chunk) was decoded from the socket by the
     * receiver thread, so that time spent waiting in the inlet's buffer counts as latency; 0 before the first pull.
     */
    public long lastArrivalNanos() { return lastArrival; }

    public double pullSample(float[] dst, double timeoutSeconds) {
        check(dst.length);
        while (true) {
            long c = nextReadable(timeoutSeconds);
            if (c < 0) return 0.0;
            int slot = ring.slotOf(c);
            SampleCodec.toFloats(ring.le, slot * ring.sampleBytes, format, channels, dst, 0);
            double ts = ring.stamps[slot];
            long arrival = ring.arrivals[slot];
            if (consumed(c)) {
                lastArrival = arrival;
                return ts;
            }
        }
    }

    public double pullSample(double[] dst, double timeoutSeconds) {
        check(dst.length);
        while (true) {
            long c = nextReadable(timeoutSeconds);
            if (c < 0) return 0.0;
            int slot = ring.slotOf(c);
            SampleCodec.toDoubles(ring.le, slot * ring.sampleBytes, format, channels, dst, 0);
            double ts = ring.stamps[slot];
            long arrival = ring.arrivals[slot];
            if (consumed(c)) {
                lastArrival = arrival;
                return ts;
            }
        }
    }

    public double pullSample(int[] dst, double timeoutSeconds) {
        check(dst.length);
        while (true) {
            long c = nextReadable(timeoutSeconds);
            if (c < 0) return 0.0;
            int slot = ring.slotOf(c);
            SampleCodec.toInts(ring.le, slot * ring.sampleBytes, format, channels, dst, 0);
            double ts = ring.stamps[slot];
            long arrival = ring.arrivals[slot];
            if (consumed(c)) {
                lastArrival = arrival;
                return ts;
            }
        }
    }

    public double pullSample(long[] dst, double timeoutSeconds) {
        check(dst.length);
        while (true) {
            long c = nextReadable(timeoutSeconds);
            if (c < 0) return 0.0;
            int slot = ring.slotOf(c);
            SampleCodec.toLongs(ring.le, slot * ring.sampleBytes, format, channels, dst, 0);
            double ts = ring.stamps[slot];
            long arrival = ring.arrivals[slot];
            if (consumed(c)) {
                lastArrival = arrival;
                return ts;
            }
        }
    }

    public double pullSample(short[] dst, double timeoutSeconds) {
        check(dst.length);
        while (true) {
            long c = nextReadable(timeoutSeconds);
            if (c < 0) return 0.0;
            int slot = ring.slotOf(c);
            SampleCodec.toShorts(ring.le, slot * ring.sampleBytes, format, channels, dst, 0);
            double ts = ring.stamps[slot];
            long arrival = ring.arrivals[slot];
            if (consumed(c)) {
                lastArrival = arrival;
                return ts;
            }
        }
    }

    public double pullSample(byte[] dst, double timeoutSeconds) {
        check(dst.length);
        while (true) {
            long c = nextReadable(timeoutSeconds);
            if (c < 0) return 0.0;
            int slot = ring.slotOf(c);
            SampleCodec.toBytes(ring.le, slot * ring.sampleBytes, format, channels, dst, 0);
            double ts = ring.stamps[slot];
            long arrival = ring.arrivals[slot];
            if (consumed(c)) {
                lastArrival = arrival;
                return ts;
            }
        }
    }

    public double pullSample(String[] dst, double timeoutSeconds) {
        check(dst.length);
        if (format != ChannelFormat.STRING) throw new IllegalArgumentException("stream '" + info.name() + "' is " + format.xmlName() + ", not string");
        while (true) {
            long c = nextReadable(timeoutSeconds);
            if (c < 0) return 0.0;
            int slot = ring.slotOf(c);
            System.arraycopy(ring.strings[slot], 0, dst, 0, channels);
            double ts = ring.stamps[slot];
            long arrival = ring.arrivals[slot];
            if (consumed(c)) {
                lastArrival = arrival;
                return ts;
            }
        }
    }

    /**
     * Pulls up to {@code min(dst.length / channels, stamps.length)} samples (row-major), waiting up to
     * {@code timeoutSeconds} for the first; returns how many were pulled.
     */
    public int pullChunk(float[] dst, double[] stamps, double timeoutSeconds) {
        int max = Math.min(channels == 0 ? stamps.length : dst.length / channels, stamps.length);
        int n = 0;
        while (n < max) {
            long c = nextReadable(n == 0 ? timeoutSeconds : 0);
            if (c < 0) break;
            int slot = ring.slotOf(c);
            SampleCodec.toFloats(ring.le, slot * ring.sampleBytes, format, channels, dst, n * channels);
            double ts = ring.stamps[slot];
            long arrival = ring.arrivals[slot];
            if (consumed(c)) {
                stamps[n++] = ts;
                lastArrival = arrival;
            }
        }
        return n;
    }

    public int pullChunk(double[] dst, double[] stamps, double timeoutSeconds) {
        int max = Math.min(channels == 0 ? stamps.length : dst.length / channels, stamps.length);
        int n = 0;
        while (n < max) {
            long c = nextReadable(n == 0 ? timeoutSeconds : 0);
            if (c < 0) break;
            int slot = ring.slotOf(c);
            SampleCodec.toDoubles(ring.le, slot * ring.sampleBytes, format, channels, dst, n * channels);
            double ts = ring.stamps[slot];
            long arrival = ring.arrivals[slot];
            if (consumed(c)) {
                stamps[n++] = ts;
                lastArrival = arrival;
            }
        }
        return n;
    }

    private void check(int length) {
        if (length < channels) throw new IllegalArgumentException("buffer of " + length + " for " + channels + " channels");
    }

    /** The next readable sequence, or −1 on time-out. Skips (and counts) samples beyond the buffer limit. */
    private long nextReadable(double timeoutSeconds) {
        long deadline = 0;
        boolean timed = false;
        while (true) {
            long h = ring.head();
            long limit = Math.min(bufferLimit, ring.capacity());
            if (h - cursor > limit) {
                dropped.addAndGet(h - limit - cursor);
                cursor = h - limit;
            }
            if (cursor < h) {
                if (ring.holds(cursor)) return cursor;
                dropped.incrementAndGet();
                cursor++;
                continue;
            }
            if (lost) throw new LostStreamException("stream '" + info.name() + "' is lost: " + lostReason);
            if (closed) return -1;
            if (!timed) {
                if (timeoutSeconds <= 0) return -1;
                deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
                timed = true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) return -1;
            waiter = Thread.currentThread();
            if (ring.head() == h && !lost) LockSupport.parkNanos(this, left);
            waiter = null;
        }
    }

    private boolean consumed(long c) {
        if (ring.holds(c)) {
            cursor = c + 1;
            return true;
        }
        dropped.incrementAndGet();
        cursor = c + 1;
        return false;
    }

    private void wake() {
        Thread w = waiter;
        if (w != null) LockSupport.unpark(w);
    }

    // ------------------------------------------------------------------ receiving

    private record Connection(Socket socket, WireReader reader, StreamInfo info) {}

    private Connection connect(StreamInfo target) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host(target), target.v4dataPort()), 5000);
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) Math.max(1, opts.handshakeSeconds() * 1000));
            OutputStream out = s.getOutputStream();
            out.write(FeedRequest.build(target, bufferLimit, opts.maxChunk()).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            // the whole header within the budget: a peer that trickles a byte a second cannot hold the inlet
            FeedResponse r = FeedResponse.read(new LineReader(in, s, System.nanoTime() + (long) (opts.handshakeSeconds() * 1e9)));
            if (r.status() != 200) throw new LslProtocolException("outlet answered " + r.status() + " " + r.statusText());
            if (!r.uid().isEmpty() && !r.uid().equals(target.uid())) {
                throw new LslProtocolException("outlet uid " + r.uid() + " is not the resolved " + target.uid());
            }
            if (r.dataProtocolVersion() != 110) {
                throw new LslProtocolException("outlet chose data protocol " + r.dataProtocolVersion() + "; only 110 is spoken");
            }
            ByteOrder order = switch (r.byteOrder()) {
                case 0, 1234 -> ByteOrder.LITTLE_ENDIAN;
                case 4321 -> ByteOrder.BIG_ENDIAN;
                default -> {
                    if (format.valueSize() == 1) yield ByteOrder.LITTLE_ENDIAN;
                    throw new LslProtocolException("unsupported Byte-Order " + r.byteOrder());
                }
            };
            int cap = Math.max(256 * 1024, 9 + ring.sampleBytes);
            WireReader reader = new WireReader(in, cap, order);
            ByteBuffer scratch = ByteBuffer.allocate(Math.max(1, ring.sampleBytes)).order(ByteOrder.LITTLE_ENDIAN);
            String[] strs = new String[channels];
            SampleCodec.readTestPattern(reader, format, channels, 4, scratch, strs);
            SampleCodec.readTestPattern(reader, format, channels, 2, scratch, strs);
            // liblsl's watchdog: a regular stream silent for WatchdogTimeThreshold counts as a broken connection
            // (then recovery reconnects, to the same outlet if it is still there). Irregular streams may be silent.
            s.setSoTimeout(rate > 0 ? (int) Math.max(1000, cfg.watchdogTimeThreshold() * 1000) : 0);
            socket = s;
            connected = true;
            return new Connection(s, reader, target);
        } catch (LslProtocolException e) {
            s.close();
            throw LslHandshakeException.of(target, "streamfeed", opts.handshakeSeconds(), new IOException(e.getMessage(), e));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw LslHandshakeException.of(target, "streamfeed", opts.handshakeSeconds(), e);
        }
    }

    private void receiveLoop(Connection first) {
        Connection c = first;
        while (!closed) {
            try {
                readSamples(c);
            } catch (IOException | LslProtocolException | RuntimeException e) {
                if (closed) break;
                LOG.log(e instanceof LslProtocolException ? Level.WARNING : Level.INFO,
                        "LSL inlet '" + info.name() + "': connection ended: " + e.getMessage());
            } finally {
                connected = false;
                try {
                    c.socket().close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            if (closed) break;
            if (!opts.recover() || info.sourceId().isEmpty()) {
                lostReason = info.sourceId().isEmpty() ? "its connection ended and it has no source_id to recover by"
                        : "connection ended and recovery is off";
                lost = true;
                wake();
                return;
            }
            c = recover();
            if (c == null) break;
        }
        wake();
    }

    private void readSamples(Connection c) throws IOException, LslProtocolException {
        WireReader r = c.reader();
        double step = rate > 0 ? 1.0 / rate : 0.0;
        while (!closed) {
            lastStamp = SampleCodec.readSample(r, ring, stringScratch, lastStamp, step, processor);
            if (!r.hasBuffered()) wake(); // wake the puller once per burst, not per sample
        }
    }

    private double process(double ts) {
        double t = ts;
        if (opts.clockSync()) {
            TimeCorrection.Estimate e = time.latest();
            if (e != null) t += e.correction();
        }
        if (dejitter != null) t = dejitter.apply(t);
        if (opts.monotonize()) {
            if (t < lastProcessed) t = lastProcessed;
            lastProcessed = t;
        }
        return t;
    }

    private String recoveryQuery(StreamInfo i) {
        StringBuilder q = new StringBuilder("channel_count='" + i.channelCount() + "'");
        if (!i.name().isEmpty()) q.append(" and name='").append(i.name()).append("'");
        if (!i.type().isEmpty()) q.append(" and type='").append(i.type()).append("'");
        q.append(" and source_id='").append(i.sourceId()).append("'");
        q.append(" and channel_format='").append(i.channelFormat().xmlName()).append("'");
        return q.toString();
    }

    /** Resolves the stream again by its identity (no session clause, like liblsl) until one outlet answers. */
    private Connection recover() {
        String query = recoveryQuery(info);
        while (!closed) {
            sleep(500);
            if (closed) return null;
            List<StreamInfo> found;
            try {
                found = Resolver.resolve(cfg, query, 1, 2.0, 0.3);
            } catch (RuntimeException e) {
                LOG.log(Level.INFO, "LSL inlet '" + info.name() + "': recovery resolve failed: " + e.getMessage());
                continue;
            }
            if (found.isEmpty()) continue;
            StreamInfo pick = null;
            for (StreamInfo f : found) if (f.uid().equals(info.uid())) pick = f;
            if (pick == null) {
                if (found.size() > 1) {
                    LOG.log(Level.WARNING, "LSL inlet '" + info.name() + "': " + found.size()
                            + " outlets share source_id '" + info.sourceId() + "'; waiting until one is left");
                    continue;
                }
                pick = found.getFirst();
            }
            try {
                StreamInfo full = Resolver.fullInfo(pick, 2.0);
                Connection c = connect(full);
                if (!full.uid().equals(info.uid())) {
                    clockReset = true;
                    time.retarget(new InetSocketAddress(host(full), full.v4servicePort()));
                    if (dejitter != null) dejitter.reset();
                }
                info = full;
                reconnects.incrementAndGet();
                gap = true;
                LOG.log(Level.INFO, "LSL inlet '" + info.name() + "': reconnected to " + host(full) + ":" + full.v4dataPort());
                return c;
            } catch (IOException e) {
                LOG.log(Level.INFO, "LSL inlet '" + info.name() + "': reconnect failed: " + e.getMessage());
            }
        }
        return null;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public void close() {
        closed = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        receiver.interrupt();
        time.close();
        wake();
    }
}
