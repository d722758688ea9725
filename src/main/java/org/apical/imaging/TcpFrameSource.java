package org.apical.imaging;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.apical.lsl.LocalClock;

/**
 * The source lab's frame protocol: one TCP connection carrying raw frames, one after another, each exactly
 * {@link FrameGeometry#bytes()} little-endian uint16 values in column-major order, with nothing between them. The
 * geometry is not on the wire, so it is checked from the traffic: the first two frames must each arrive as one burst
 * (an acquisition program writes a frame at once), and a pause inside either of them means the sender's frames are
 * another size, refused with both byte counts. A connection that closes or drops inside a frame is an error naming the
 * frame; one that closes between frames ends the stream (the acquisition stopped).
 * Apical either listens (the acquisition program connects) or connects (the acquisition program listens).
 * Frames are read by a non-blocking channel straight into one direct buffer (the kernel's copy is the only one before
 * the pixels), waiting on a selector between reads so a pause can be timed and a close seen.
 */
public final class TcpFrameSource implements RawFrameSource {
    /** Frames whose bursts are checked against the geometry. */
    static final int CHECKED_FRAMES = 2;
    /** How often a wait for data wakes up to see whether the source was closed. */
    private static final int POLL_MS = 250;
    private static final Consumer<SelectionKey> READY = k -> { };

    private final FrameGeometry geometry;
    private final boolean invert;
    private final String name;
    private final ServerSocketChannel server;
    private final int pauseMs;
    private final ByteBuffer bytes;
    private final ShortBuffer values;
    private volatile boolean closed;
    private volatile SocketChannel socket;
    private volatile Selector selector;
    private long frames;
    private long burst;

    private TcpFrameSource(FrameGeometry geometry, boolean invert, String name, ServerSocketChannel server,
                           SocketChannel socket) {
        this.geometry = geometry;
        this.invert = invert;
        this.name = name;
        this.server = server;
        this.socket = socket;
        this.bytes = ByteBuffer.allocateDirect(geometry.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        this.values = bytes.asShortBuffer();
        // a pause inside one of the first frames: half a frame period, within [5, 50] ms
        this.pauseMs = (int) Math.max(5, Math.min(50, 500 / Math.max(1, geometry.rateHz())));
    }

    /** Listens on {@code port} of all interfaces (0: any free port, see {@link #port()}); the sender connects. */
    public static TcpFrameSource listen(int port, FrameGeometry geometry, boolean invert) throws IOException {
        return listen(new InetSocketAddress(port), geometry, invert);
    }

    public static TcpFrameSource listen(InetSocketAddress address, FrameGeometry geometry, boolean invert)
            throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        try {
            s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            // before bind, so the accepted socket's window has it
            s.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer(geometry));
            s.bind(address, 1);
        } catch (IOException e) {
            s.close();
            throw new IOException("tcp listen :" + address.getPort() + ": cannot listen: " + e.getMessage(), e);
        }
        return new TcpFrameSource(geometry, invert, "tcp listen :" + localPort(s), s, null);
    }

    private static int localPort(ServerSocketChannel s) throws IOException {
        SocketAddress a = s.getLocalAddress();
        return a instanceof InetSocketAddress i ? i.getPort() : -1;
    }

    /** Connects to a sender that listens, trying again every 250 ms for up to {@code timeoutSeconds}. */
    public static TcpFrameSource connect(String host, int port, FrameGeometry geometry, boolean invert,
                                         double timeoutSeconds) throws IOException, InterruptedException {
        String name = "tcp connect " + host + ":" + port;
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (true) {
            SocketChannel s = SocketChannel.open();
            try {
                s.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer(geometry));
                s.socket().connect(new InetSocketAddress(host, port), POLL_MS * 4);
                return new TcpFrameSource(geometry, invert, name, null, s);
            } catch (IOException e) {
                s.close();
                if (System.nanoTime() > deadline) {
                    throw new IOException(name + ": no frame sender answered within " + timeoutSeconds + " s ("
                            + e.getMessage() + ")", e);
                }
                Thread.sleep(POLL_MS);
            }
        }
    }

    /** Room for four frames in the kernel (64 KiB to 8 MiB), so a late read never holds the sender mid-frame. */
    private static int receiveBuffer(FrameGeometry g) { return Math.max(1 << 16, Math.min(8 << 20, 4 * g.bytes())); }

    /** The port listened on (listening sources), else the remote port. */
    public int port() {
        try {
            if (server != null) return localPort(server);
            return socket.getRemoteAddress() instanceof InetSocketAddress i ? i.getPort() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override public FrameGeometry geometry() { return geometry; }

    @Override public String describe() { return name; }

    @Override public long frames() { return frames; }

    @Override public boolean read(RawFrame frame) throws IOException {
        if (selector == null && !open()) return false;
        int need = bytes.capacity();
        bytes.clear();
        while (bytes.hasRemaining()) {
            int n;
            try {
                n = socket.read(bytes);
            } catch (IOException e) {
                if (closed) return false;
                throw new FrameStreamException(name, frames, "the connection dropped after " + bytes.position()
                        + " of " + need + " bytes of this frame (" + e.getMessage() + ")", e);
            }
            if (n > 0) {
                burst += n;
                continue;
            }
            if (n < 0) {
                if (bytes.position() == 0) return false;
                throw new FrameStreamException(name, frames, "the frame was cut short: the connection closed after "
                        + bytes.position() + " of " + need + " bytes (" + geometry.describe() + ")");
            }
            if (!await(frames < CHECKED_FRAMES ? pauseMs : POLL_MS)) {
                if (closed) return false;
                if (bytes.position() == 0) {
                    burst = 0; // a pause between frames, as a paced sender makes
                } else if (frames < CHECKED_FRAMES) {
                    throw new FrameStreamException(name, frames, "the rig file's frame geometry ("
                            + geometry.describe() + ") does not match the sender: expected " + need
                            + " bytes per frame, received " + burst + " bytes in one burst (then nothing for "
                            + pauseMs + " ms); check frames.geometry against the acquisition program's lines and"
                            + " pixels");
                }
            }
        }
        frame.arrivalNanos = System.nanoTime();
        frame.timestamp = LocalClock.now();
        values.get(0, frame.pixels);
        if (invert) frame.invert();
        frame.number = frames++;
        return true;
    }

    /** Waits up to {@code ms} for data; false when none came (or the source was closed). */
    private boolean await(int ms) throws IOException {
        if (closed) return false;
        try {
            return selector.select(READY, ms) > 0 && !closed;
        } catch (ClosedChannelException | java.nio.channels.ClosedSelectorException e) {
            return false;
        }
    }

    private boolean open() throws IOException {
        if (server != null) {
            try {
                socket = server.accept(); // a close of the source ends the wait
            } catch (IOException e) {
                if (closed) return false;
                throw e;
            }
        }
        if (closed) return false;
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (server == null) socket.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer(geometry));
        socket.configureBlocking(false);
        selector = Selector.open();
        socket.register(selector, SelectionKey.OP_READ);
        return true;
    }

    /** The sender's address once connected, for messages. */
    public String peer() {
        SocketChannel s = socket;
        try {
            return s == null ? null : String.valueOf(s.getRemoteAddress());
        } catch (IOException e) {
            return null;
        }
    }

    @Override public void close() {
        closed = true;
        try {
            if (selector != null) selector.wakeup();
        } catch (RuntimeException e) {
            // closing anyway
        }
        try {
            if (socket != null) socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            if (server != null) server.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            if (selector != null) selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
