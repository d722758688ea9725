package org.apical.lsl;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;

/**
 * An LSL outlet: publishes one stream. Serves the protocol-110 data feed (any number of consumers, each with
 * its own bounded backlog that drops the oldest samples), the short/full info over TCP, discovery and time probes
 * on its UDP service socket, and a discovery responder on the multicast port (joining multicast groups only when
 * the scope is wider than {@code machine}).
 * <p>
 * Push methods never block and never allocate for numeric formats: values are written straight into a
 * preallocated ring slot, consumer threads encode from there into their socket buffers. Timestamp arguments follow
 * liblsl: {@code 0.0} = now ({@link LocalClock}), {@link #DEDUCED} = let the receiver deduce it (previous + 1/rate).
 * Push from one thread at a time (push methods are synchronized, so several threads are safe but serialised).
 * <p>
 * {@link #close()} drains: it stops serving new consumers, then waits (up to the drain time-out) until every
 * streaming consumer has been sent every sample pushed before the close, and only then ends their streams; so a
 * publisher may close right after its last push. A consumer that does not read is cut off at the time-out.
 */
public final class StreamOutlet implements SampleOutlet {
    private static final System.Logger LOG = System.getLogger("org.apical.lsl");
    /** liblsl's {@code DEDUCED_TIMESTAMP}. */
    public static final double DEDUCED = -1.0;
    public static final int MAX_CONNECTIONS = 64;
    /** Connections still in their handshake, counted apart from the streaming consumers. */
    public static final int MAX_HANDSHAKES = 32;
    /**
     * How long {@link #close()} waits by default for the consumers to be sent what was pushed before it: a
     * consumer that reads takes megabytes in milliseconds, so this bounds only what a stuck one can hold up.
     */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(2);

    private final LslConfig config;
    private final StreamInfo info;
    private final String fullXml;
    private final String shortXml;
    private final QueryMatcher matcher;
    private final SampleRing ring;
    private final ChannelFormat format;
    private final int channels;
    private final double rate;
    private final ServerSocket server;
    private final UdpResponder service;
    private final List<UdpResponder> responders = new ArrayList<>();
    private final List<OutletConnection> connections = new CopyOnWriteArrayList<>();
    private final Object consumerSignal = new Object();
    /** Notified when a connection ends, for the drain in {@link #close()}. */
    private final Object endSignal = new Object();
    private final long drainNanos;
    /** The ring's head when the close began: the end of the stream each consumer is sent (set before closed). */
    private volatile long drainEnd = Long.MAX_VALUE;
    private long drainDeadline;
    private volatile boolean closed;
    private boolean finished;

    /**
     * @param maxBufferedSeconds how much each consumer may lag before its oldest samples are dropped
     *                           (× rate, or × 100 samples/s for irregular streams, as in liblsl)
     */
    public StreamOutlet(StreamInfo template, double maxBufferedSeconds, LslConfig config) throws IOException {
        this(template, maxBufferedSeconds, config, DEFAULT_DRAIN_TIMEOUT);
    }

    /**
     * @param drainTimeout how long {@link #close()} may wait for the consumers to be sent what was pushed before it
     *                     (zero: close at once, losing what they had not been sent)
     */
    public StreamOutlet(StreamInfo template, double maxBufferedSeconds, LslConfig config, Duration drainTimeout)
            throws IOException {
        if (drainTimeout.isNegative()) throw new IllegalArgumentException("negative drain time-out " + drainTimeout);
        this.drainNanos = drainTimeout.toNanos();
        this.config = config;
        this.format = template.channelFormat();
        this.channels = template.channelCount();
        this.rate = template.nominalSrate();
        long capacity = (long) Math.ceil(maxBufferedSeconds * (rate > 0 ? rate : 100));
        this.ring = new SampleRing(format, channels, (int) Math.min(Integer.MAX_VALUE, Math.max(2, capacity)));
        this.server = PortBinder.tcp(config);
        DatagramSocket udp;
        try {
            udp = PortBinder.udp(config);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        this.info = template.published(StreamInfo.newUid(), LocalClock.now(), config.sessionId(),
                server.getLocalPort(), udp.getLocalPort());
        this.fullXml = StreamInfoXml.full(info);
        this.shortXml = StreamInfoXml.shortInfo(info);
        try {
            this.matcher = new QueryMatcher(info);
        } catch (LslProtocolException e) {
            server.close();
            udp.close();
            throw new IOException("stream info does not serialise to valid XML: " + e.getMessage(), e);
        }
        String tag = info.name();
        this.service = new UdpResponder(udp, true, matcher, shortXml, "lsl-outlet-udp-" + tag);
        service.start();
        openResponders(tag);
        Thread.ofPlatform().daemon().name("lsl-outlet-accept-" + tag).start(this::acceptLoop);
    }

    private void openResponders(String tag) {
        try {
            MulticastSocket m = new MulticastSocket(null);
            m.setReuseAddress(true);
            if (config.scope() == ResolveScope.MACHINE) {
                m.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.multicastPort()));
            } else {
                m.bind(new InetSocketAddress(config.multicastPort()));
                m.setBroadcast(true);
                for (String a : config.discoveryAddresses()) {
                    InetAddress group = InetAddress.getByName(a);
                    if (!group.isMulticastAddress()) continue;
                    for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
                        try {
                            if (nif.isUp() && nif.supportsMulticast()) m.joinGroup(new InetSocketAddress(group, 0), nif);
                        } catch (IOException e) {
                            LOG.log(Level.DEBUG, "cannot join " + a + " on " + nif.getName() + ": " + e.getMessage());
                        }
                    }
                }
            }
            UdpResponder r = new UdpResponder(m, false, matcher, shortXml, "lsl-outlet-mcast-" + tag);
            responders.add(r);
            r.start();
        } catch (IOException e) {
            // The per-stream service socket still answers unicast (KnownPeers-style) queries.
            LOG.log(Level.INFO, "LSL outlet '" + tag + "': no responder on port " + config.multicastPort() + ": " + e.getMessage());
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                if (closed) {
                    s.close();
                    return;
                }
                if (consumerCount() >= MAX_CONNECTIONS) {
                    LOG.log(Level.WARNING, "LSL outlet '" + info.name() + "': refusing connection from "
                            + s.getRemoteSocketAddress() + " (" + MAX_CONNECTIONS + " consumers streaming)");
                    s.close();
                    continue;
                }
                if (!makeRoomForHandshake()) {
                    LOG.log(Level.WARNING, "LSL outlet '" + info.name() + "': refusing connection from "
                            + s.getRemoteSocketAddress() + " (" + MAX_HANDSHAKES + " requests under way)");
                    s.close();
                    continue;
                }
                OutletConnection c = new OutletConnection(this, s);
                connections.add(c);
                Thread.ofPlatform().daemon().name("lsl-outlet-conn-" + info.name()).start(c);
            } catch (SocketException e) {
                if (!closed) LOG.log(Level.WARNING, "LSL outlet '" + info.name() + "' stopped accepting: " + e.getMessage());
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "LSL outlet '" + info.name() + "' accept failed: " + e.getMessage());
            }
        }
    }

    /**
     * Keeps the connections still in their handshake under {@link #MAX_HANDSHAKES}, apart from the streaming
     * consumers: when full, the oldest one that has sent nothing is dropped for the newcomer, so that sockets
     * held open idle cannot lock real consumers out. False when every handshake under way has begun a request.
     */
    private boolean makeRoomForHandshake() {
        int handshaking = 0;
        OutletConnection oldestIdle = null;
        for (OutletConnection c : connections) {
            if (!c.isHandshaking()) continue;
            handshaking++;
            if (c.isIdle() && (oldestIdle == null || c.acceptedNanos() < oldestIdle.acceptedNanos())) oldestIdle = c;
        }
        if (handshaking < MAX_HANDSHAKES) return true;
        if (oldestIdle == null) return false;
        LOG.log(Level.INFO, "LSL outlet '" + info.name() + "': dropping an idle connection for a new one ("
                + MAX_HANDSHAKES + " requests under way)");
        oldestIdle.close();
        connections.remove(oldestIdle);
        return true;
    }

    // ------------------------------------------------------------------ accessors

    /** The published info (uid, created_at, ports filled in). */
    public StreamInfo info() { return info; }

    public LslConfig config() { return config; }

    /** Number of consumers currently receiving samples. */
    public int consumerCount() {
        int n = 0;
        for (OutletConnection c : connections) if (c.isStreaming()) n++;
        return n;
    }

    public boolean haveConsumers() { return consumerCount() > 0; }

    /** Waits until at least one consumer is connected; false on timeout. */
    public boolean waitForConsumers(double timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        synchronized (consumerSignal) {
            while (!haveConsumers()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                consumerSignal.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Samples dropped so far across all consumers because they lagged beyond their buffer. */
    public long droppedSamples() {
        long n = 0;
        for (OutletConnection c : connections) n += c.dropped();
        return n;
    }

    // ------------------------------------------------------------------ push: one sample

    public void pushSample(float[] values) { pushSample(values, 0.0); }
    public void pushSample(double[] values) { pushSample(values, 0.0); }
    public void pushSample(int[] values) { pushSample(values, 0.0); }
    public void pushSample(long[] values) { pushSample(values, 0.0); }
    public void pushSample(short[] values) { pushSample(values, 0.0); }
    public void pushSample(byte[] values) { pushSample(values, 0.0); }
    public void pushSample(String[] values) { pushSample(values, 0.0); }

    public synchronized void pushSample(float[] values, double timestamp) {
        check(values.length, 1);
        int slot = ring.beginWrite();
        SampleCodec.fromFloats(values, ring.le, slot * ring.sampleBytes, format, channels);
        publish(slot, timestamp);
        ring.signal();
    }

    public synchronized void pushSample(double[] values, double timestamp) {
        check(values.length, 1);
        int slot = ring.beginWrite();
        SampleCodec.fromDoubles(values, ring.le, slot * ring.sampleBytes, format, channels);
        publish(slot, timestamp);
        ring.signal();
    }

    public synchronized void pushSample(int[] values, double timestamp) {
        check(values.length, 1);
        int slot = ring.beginWrite();
        SampleCodec.fromInts(values, ring.le, slot * ring.sampleBytes, format, channels);
        publish(slot, timestamp);
        ring.signal();
    }

    public synchronized void pushSample(long[] values, double timestamp) {
        check(values.length, 1);
        int slot = ring.beginWrite();
        SampleCodec.fromLongs(values, ring.le, slot * ring.sampleBytes, format, channels);
        publish(slot, timestamp);
        ring.signal();
    }

    public synchronized void pushSample(short[] values, double timestamp) {
        check(values.length, 1);
        int slot = ring.beginWrite();
        SampleCodec.fromShorts(values, ring.le, slot * ring.sampleBytes, format, channels);
        publish(slot, timestamp);
        ring.signal();
    }

    public synchronized void pushSample(byte[] values, double timestamp) {
        check(values.length, 1);
        int slot = ring.beginWrite();
        SampleCodec.fromBytes(values, ring.le, slot * ring.sampleBytes, format, channels);
        publish(slot, timestamp);
        ring.signal();
    }

    public synchronized void pushSample(String[] values, double timestamp) {
        if (format != ChannelFormat.STRING) throw new IllegalArgumentException("strings pushed into a " + format.xmlName() + " stream");
        check(values.length, 1);
        int slot = ring.beginWrite();
        System.arraycopy(values, 0, ring.strings[slot], 0, channels);
        publish(slot, timestamp);
        ring.signal();
    }

    // ------------------------------------------------------------------ push: chunks (samples × channels, row-major)

    /** Pushes {@code data.length / channels} samples; {@code timestamp} stamps the last one (0 = now), the rest are deduced. */
    public synchronized void pushChunk(float[] data, double timestamp) {
        int n = chunkSamples(data.length);
        double first = firstStamp(timestamp, n);
        for (int i = 0; i < n; i++) {
            int slot = ring.beginWrite();
            fromFloatsAt(data, i, slot);
            ring.endWrite(slot, first, i == 0 ? SampleCodec.TAG_TIMESTAMP : SampleCodec.TAG_DEDUCED);
        }
        ring.signal();
    }

    /** Pushes samples with one timestamp each (timestamps.length samples). */
    public synchronized void pushChunk(float[] data, double[] timestamps) { pushChunk(data, chunkSamples(data.length), timestamps); }

    /** Pushes the first {@code n} samples of {@code data}, with one timestamp each (a reused buffer, partly filled). */
    public synchronized void pushChunk(float[] data, int n, double[] timestamps) {
        if (n > chunkSamples(data.length)) throw new IllegalArgumentException(n + " samples in a buffer of " + data.length);
        if (timestamps.length < n) throw new IllegalArgumentException(timestamps.length + " timestamps for " + n + " samples");
        for (int i = 0; i < n; i++) {
            int slot = ring.beginWrite();
            fromFloatsAt(data, i, slot);
            publish(slot, timestamps[i]);
        }
        ring.signal();
    }

    public synchronized void pushChunk(double[] data, double timestamp) {
        int n = chunkSamples(data.length);
        double first = firstStamp(timestamp, n);
        for (int i = 0; i < n; i++) {
            int slot = ring.beginWrite();
            fromDoublesAt(data, i, slot);
            ring.endWrite(slot, first, i == 0 ? SampleCodec.TAG_TIMESTAMP : SampleCodec.TAG_DEDUCED);
        }
        ring.signal();
    }

    public synchronized void pushChunk(double[] data, double[] timestamps) {
        int n = chunkSamples(data.length);
        if (timestamps.length < n) throw new IllegalArgumentException(timestamps.length + " timestamps for " + n + " samples");
        for (int i = 0; i < n; i++) {
            int slot = ring.beginWrite();
            fromDoublesAt(data, i, slot);
            publish(slot, timestamps[i]);
        }
        ring.signal();
    }

    /** String chunk: {@code data[i]} is sample i (length = channel count). */
    public synchronized void pushChunk(String[][] data, double[] timestamps) {
        if (format != ChannelFormat.STRING) throw new IllegalArgumentException("strings pushed into a " + format.xmlName() + " stream");
        for (int i = 0; i < data.length; i++) {
            check(data[i].length, 1);
            int slot = ring.beginWrite();
            System.arraycopy(data[i], 0, ring.strings[slot], 0, channels);
            publish(slot, timestamps == null ? 0.0 : timestamps[i]);
        }
        ring.signal();
    }

    private void fromFloatsAt(float[] data, int sample, int slot) {
        if (sample == 0) {
            SampleCodec.fromFloats(data, ring.le, slot * ring.sampleBytes, format, channels);
            return;
        }
        int base = sample * channels;
        int off = slot * ring.sampleBytes;
        for (int k = 0; k < channels; k++) writeDouble(off, k, data[base + k]);
    }

    private void fromDoublesAt(double[] data, int sample, int slot) {
        if (sample == 0) {
            SampleCodec.fromDoubles(data, ring.le, slot * ring.sampleBytes, format, channels);
            return;
        }
        int base = sample * channels;
        int off = slot * ring.sampleBytes;
        for (int k = 0; k < channels; k++) writeDouble(off, k, data[base + k]);
    }

    private void writeDouble(int off, int k, double v) {
        switch (format) {
            case FLOAT32 -> ring.le.putFloat(off + 4 * k, (float) v);
            case DOUBLE64 -> ring.le.putDouble(off + 8 * k, v);
            case INT32 -> ring.le.putInt(off + 4 * k, (int) Math.rint(v));
            case INT16 -> ring.le.putShort(off + 2 * k, (short) Math.rint(v));
            case INT8 -> ring.le.put(off + k, (byte) Math.rint(v));
            case INT64 -> ring.le.putLong(off + 8 * k, (long) Math.rint(v));
            case STRING -> throw new IllegalArgumentException("numeric values pushed into a string stream");
        }
    }

    private int chunkSamples(int length) {
        if (channels == 0) return 0;
        if (length % channels != 0) {
            throw new IllegalArgumentException("chunk of " + length + " values is not a multiple of " + channels + " channels");
        }
        return length / channels;
    }

    private double firstStamp(double timestamp, int n) {
        double t = (timestamp == 0.0 || config.forceDefaultTimestamps()) ? LocalClock.now() : timestamp;
        return rate > 0 ? t - (n - 1) / rate : t;
    }

    private void publish(int slot, double timestamp) {
        if (timestamp == DEDUCED && !config.forceDefaultTimestamps()) {
            ring.endWrite(slot, timestamp, SampleCodec.TAG_DEDUCED);
        } else {
            double t = (timestamp == 0.0 || config.forceDefaultTimestamps()) ? LocalClock.now() : timestamp;
            ring.endWrite(slot, t, SampleCodec.TAG_TIMESTAMP);
        }
    }

    private void check(int length, int samples) {
        if (length < channels * samples) {
            throw new IllegalArgumentException("sample has " + length + " values, stream '" + info.name() + "' has " + channels + " channels");
        }
    }

    // ------------------------------------------------------------------ package-private, for connections

    SampleRing ring() { return ring; }
    QueryMatcher matcher() { return matcher; }
    String fullInfoXml() { return fullXml; }
    String shortInfoXml() { return shortXml; }
    boolean isClosed() { return closed; }

    void consumerStarted() {
        synchronized (consumerSignal) { consumerSignal.notifyAll(); }
    }

    /** Where a consumer's stream ends once the outlet is closing: the samples pushed before the close. */
    long drainEnd() { return drainEnd; }

    void connectionEnded(OutletConnection c) {
        connections.remove(c);
        synchronized (endSignal) { endSignal.notifyAll(); }
    }

    /**
     * Begins the close without waiting: no new consumer or request is served, and the streams end after the samples
     * pushed so far (later pushes are not sent). The drain time-out counts from here, so outlets closed together
     * ({@link Draining#closeAll}) wait for their consumers at the same time.
     */
    @Override public void beginClose() {
        synchronized (this) { // the push lock: the end falls between two pushes, never inside a chunk
            if (closed) return;
            drainEnd = ring.head();
            drainDeadline = System.nanoTime() + drainNanos;
            closed = true;
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        service.close();
        for (UdpResponder r : responders) r.close();
        for (OutletConnection c : connections) if (!c.isStreaming()) c.close(); // info requests, handshakes
        ring.signal(); // consumers asleep and caught up end their streams now
    }

    /**
     * Ends the stream: {@link #beginClose()}, then waits until every consumer has been sent the samples pushed
     * before it (each consumer then sees its stream end), for at most the drain time-out; a consumer still behind
     * then is disconnected (inlets see the stream end and may recover).
     */
    @Override public void close() {
        beginClose();
        long left;
        synchronized (endSignal) {
            if (finished) return;
            finished = true;
            try {
                while (consumerCount() > 0 && (left = drainDeadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(endSignal, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // asked to hurry: cut the drain short
            }
        }
        long behind = 0;
        int stuck = 0;
        for (OutletConnection c : connections) {
            if (c.isStreaming()) {
                stuck++;
                behind += Math.max(0, drainEnd - c.flushedTo());
            }
            c.close();
        }
        if (stuck > 0) {
            LOG.log(Level.WARNING, "LSL outlet '" + info.name() + "': closed with " + stuck + " consumer"
                    + (stuck == 1 ? "" : "s") + " still behind after " + drainNanos / 1e9 + " s (about " + behind
                    + " samples not sent)");
        }
        ring.signal();
    }
}
