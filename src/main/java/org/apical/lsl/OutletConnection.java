package org.apical.lsl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;

/**
 * One TCP connection to an outlet: reads the command line and dispatches (short info, full info, or the
 * protocol-110 stream feed). As a feed it is a consumer of the outlet's sample ring with its own cursor: it
 * sends what is published, flushes when caught up, and skips the oldest samples when it falls further behind than
 * its buffer allows. When the outlet closes it sends what was pushed before the close and then ends the stream.
 * Any protocol problem closes only this connection, with a logged reason.
 */
final class OutletConnection implements Runnable {
    private static final System.Logger LOG = System.getLogger("org.apical.lsl");
    /** The whole request of a consumer that has begun one. */
    private static final long HANDSHAKE_NANOS = 10_000_000_000L;
    /**
     * A connection that has sent nothing yet: a consumer sends its request at once, so a socket silent this long is
     * idle and gives its place up (liblsl waits without bound).
     */
    static final long IDLE_NANOS = 2_000_000_000L;

    private final StreamOutlet outlet;
    private final Socket socket;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean streaming;

    private final long acceptedNanos = System.nanoTime();
    private volatile boolean spoke;
    /** The ring sequence up to which this consumer's samples are in its socket (updated at each flush). */
    private volatile long flushedTo;

    OutletConnection(StreamOutlet outlet, Socket socket) {
        this.outlet = outlet;
        this.socket = socket;
    }

    boolean isStreaming() { return streaming && !closed; }

    /** Still in its handshake (not yet a streaming consumer, not closed). */
    boolean isHandshaking() { return !streaming && !closed; }

    /** Has sent no byte yet. */
    boolean isIdle() { return !spoke && !closed; }

    long acceptedNanos() { return acceptedNanos; }

    long dropped() { return dropped.get(); }

    long flushedTo() { return flushedTo; }

    void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override public void run() {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            LineReader lines = new LineReader(in, socket, acceptedNanos + IDLE_NANOS);
            String first = lines.readLine();
            spoke = true;
            if (first == null) return;
            lines.deadline(acceptedNanos + HANDSHAKE_NANOS);
            String cmd = first.strip();
            if (cmd.equals("LSL:shortinfo")) {
                String query = lines.readLine();
                if (query != null && outlet.matcher().matches(new String(query.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8))) {
                    out.write(outlet.shortInfoXml().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } else if (cmd.equals("LSL:fullinfo")) {
                out.write(outlet.fullInfoXml().getBytes(StandardCharsets.UTF_8));
                out.flush();
            } else if (cmd.startsWith(FeedRequest.COMMAND + "/")) {
                FeedRequest req;
                try {
                    req = FeedRequest.read(cmd, lines);
                } catch (LslProtocolException e) {
                    refuse(out, e.getMessage());
                    throw e;
                }
                feed(req, out);
            } else if (cmd.equals(FeedRequest.COMMAND)) {
                refuse(out, "protocol 100 is not served; ask for LSL:streamfeed/110");
                throw new LslProtocolException("legacy protocol 100 feed requested; Apical outlets speak 110 only");
            } else {
                throw new LslProtocolException("unknown command '" + StreamInfoXml.clip(cmd) + "'");
            }
        } catch (LslProtocolException e) {
            LOG.log(Level.WARNING, "LSL outlet '" + outlet.info().name() + "': closed connection from "
                    + socket.getRemoteSocketAddress() + ": " + e.getMessage());
        } catch (IOException e) {
            if (!closed) LOG.log(Level.DEBUG, "LSL outlet '" + outlet.info().name() + "': connection from "
                    + socket.getRemoteSocketAddress() + " ended: " + e);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "LSL outlet '" + outlet.info().name() + "': connection handler failed", e);
        } finally {
            closed = true;
            outlet.connectionEnded(this);
        }
    }

    /** A status line as liblsl's errors are (no line end; the connection is then closed). */
    private static void refuse(OutputStream out, String why) throws IOException {
        String text = "LSL/110 400 Bad request: " + why.replaceAll("[\r\n]", " ");
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void feed(FeedRequest req, OutputStream out) throws IOException, LslProtocolException {
        StreamInfo info = outlet.info();
        ChannelFormat f = info.channelFormat();
        if (req.protocolVersion() / 100 > 1) {
            out.write("LSL/110 505 Version not supported".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            throw new LslProtocolException("client asked for protocol " + req.protocolVersion());
        }
        if (!req.uid().isEmpty() && !req.uid().equals(info.uid())) {
            out.write("LSL/110 404 Not found".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            throw new LslProtocolException("client asked for uid " + StreamInfoXml.clip(req.uid()) + ", this outlet is " + info.uid());
        }
        String refusal = null;
        if (req.protocolVersion() < 110) {
            refusal = "protocol " + req.protocolVersion() + " is not served; only 110";
        } else if (f.isNumeric() && req.valueSize() != 0 && req.valueSize() != f.valueSize()) {
            refusal = "value size " + req.valueSize() + " differs from " + f.xmlName() + " (" + f.valueSize()
                    + "); liblsl would fall back to protocol 100, which is not served";
        } else if (!req.ieeeFloats() && f.isFloatingPoint()) {
            refusal = "no IEEE-754 floats; protocol 100 would be needed, which is not served";
        } else if (req.headers() == 0) {
            // liblsl's outlet waits for a header line without end; nobody is served by that
            refusal = "the request has no header lines";
        }
        if (refusal != null) {
            refuse(out, refusal);
            throw new LslProtocolException("refused the request: " + refusal);
        }
        // Convert for big-endian clients (cheap in Java); anything else gets our little-endian native order.
        boolean big = req.byteOrder() == 4321 && (f == ChannelFormat.STRING || f.valueSize() > 1);
        ByteOrder order = big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean suppress = f.isFloatingPoint() && !req.supportsSubnormals();
        String header = "LSL/110 200 OK\r\n"
                + "UID: " + info.uid() + "\r\n"
                + "Byte-Order: " + (big ? 4321 : 1234) + "\r\n"
                + "Suppress-Subnormals: " + (suppress ? 1 : 0) + "\r\n"
                + "Data-Protocol-Version: 110\r\n"
                + "\r\n";
        SampleRing ring = outlet.ring();
        // Samples pushed from here on reach this consumer; taken before the header so that a client that has read
        // the test patterns knows every later push is delivered.
        long startCursor = ring.head();
        flushedTo = startCursor;
        WireWriter w = new WireWriter(out, Math.max(256 * 1024, SampleCodec.maxNumericWireBytes(ring)), order);
        byte[] hb = header.getBytes(StandardCharsets.ISO_8859_1);
        w.putBytes(hb, 0, hb.length);
        SampleCodec.writeTestPattern(w, f, info.channelCount(), 4);
        SampleCodec.writeTestPattern(w, f, info.channelCount(), 2);
        w.flush();
        if (req.maxBufferLength() <= 0) return; // liblsl stops here too
        socket.setSoTimeout(0);
        long lagLimit = Math.min(req.maxBufferLength(), ring.capacity());
        long maxChunk = req.maxChunkLength();
        String[] scratch = f == ChannelFormat.STRING ? new String[info.channelCount()] : null;
        Thread me = Thread.currentThread();
        ring.addSleeper(me);
        streaming = true;
        outlet.consumerStarted();
        try {
            long cursor = startCursor;
            long sinceFlush = 0;
            while (!closed) {
                boolean ending = outlet.isClosed();
                long head = ring.head();
                long end = ending ? Math.min(head, outlet.drainEnd()) : head;
                if (cursor >= end) {
                    if (w.buffered() > 0) {
                        w.flush();
                        sinceFlush = 0;
                    }
                    flushedTo = cursor;
                    if (ending) return; // all pushed before the close is sent: the stream ends (socket closed)
                    LockSupport.parkNanos(this, 50_000_000L);
                    continue;
                }
                if (head - cursor > lagLimit) {
                    dropped.addAndGet(head - lagLimit - cursor);
                    cursor = head - lagLimit;
                }
                int slot = ring.slotOf(cursor);
                if (!ring.holds(cursor)) { // overwritten before we got to it
                    dropped.incrementAndGet();
                    cursor++;
                    continue;
                }
                if (scratch == null) {
                    w.ensure(SampleCodec.maxNumericWireBytes(ring));
                    int pos = w.position();
                    if (pos == 0) flushedTo = cursor; // the buffer went to the socket to make room
                    SampleCodec.encodeNumeric(ring, slot, w);
                    if (!ring.holds(cursor)) {
                        w.rewind(pos);
                        dropped.incrementAndGet();
                        cursor++;
                        continue;
                    }
                } else {
                    System.arraycopy(ring.strings[slot], 0, scratch, 0, scratch.length);
                    byte tag = ring.tags[slot];
                    double ts = ring.stamps[slot];
                    if (!ring.holds(cursor)) {
                        dropped.incrementAndGet();
                        cursor++;
                        continue;
                    }
                    SampleCodec.encodeStrings(tag, ts, scratch, scratch.length, w);
                }
                cursor++;
                if (maxChunk > 0 && ++sinceFlush >= maxChunk) {
                    w.flush();
                    sinceFlush = 0;
                    flushedTo = cursor;
                }
            }
        } finally {
            ring.removeSleeper(me);
        }
    }
}
