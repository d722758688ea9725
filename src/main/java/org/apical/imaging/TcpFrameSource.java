package org.apical.imaging;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.apical.lsl.LocalClock;

/**
 * The source lab's frame protocol: one TCP connection carrying raw frames, one after another, each exactly
 * {@link FrameGeometry#bytes()} little-endian uint16 values in column-major order, with nothing between them. The
 * geometry is not on the wire, so it is checked from the traffic: the first two frames must each arrive as one burst
 * (an acquisition program writes a frame at once), and a pause inside either of them means the sender's frames are
 * another size, refused with both byte counts. A connection that closes or drops inside a frame is an error naming the
 * frame; one that closes between frames ends the stream (the acquisition stopped).
 * Apical either listens (the acquisition program connects) or connects (the acquisition program listens).
 */
public final class TcpFrameSource implements RawFrameSource {
    /** Frames whose bursts are checked against the geometry. */
    static final int CHECKED_FRAMES = 2;
    /** How often a blocked read wakes up to see whether the source was closed. */
    private static final int POLL_MS = 250;

    private final FrameGeometry geometry;
    private final boolean invert;
    private final String name;
    private final ServerSocket server;
    private final int pauseMs;
    private final byte[] bytes;
    private volatile boolean closed;
    private volatile Socket socket;
    private InputStream in;
    private long frames;
    private long burst;

    private TcpFrameSource(FrameGeometry geometry, boolean invert, String name, ServerSocket server, Socket socket) {
        this.geometry = geometry;
        this.invert = invert;
        this.name = name;
        this.server = server;
        this.socket = socket;
        this.bytes = new byte[geometry.bytes()];
        // a pause inside one of the first frames: half a frame period, within [5, 50] ms
        this.pauseMs = (int) Math.max(5, Math.min(50, 500 / Math.max(1, geometry.rateHz())));
    }

    /** Listens on {@code port} of all interfaces (0: any free port, see {@link #port()}); the sender connects. */
    public static TcpFrameSource listen(int port, FrameGeometry geometry, boolean invert) throws IOException {
        return listen(new InetSocketAddress(port), geometry, invert);
    }

    public static TcpFrameSource listen(InetSocketAddress address, FrameGeometry geometry, boolean invert)
            throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.setReceiveBufferSize(receiveBuffer(geometry)); // before bind, so the accepted socket's window has it
            s.bind(address, 1);
            s.setSoTimeout(POLL_MS);
        } catch (IOException e) {
            s.close();
            throw new IOException("tcp listen :" + address.getPort() + ": cannot listen: " + e.getMessage(), e);
        }
        return new TcpFrameSource(geometry, invert, "tcp listen :" + s.getLocalPort(), s, null);
    }

    /** Connects to a sender that listens, trying again every 250 ms for up to {@code timeoutSeconds}. */
    public static TcpFrameSource connect(String host, int port, FrameGeometry geometry, boolean invert,
                                         double timeoutSeconds) throws IOException, InterruptedException {
        String name = "tcp connect " + host + ":" + port;
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (true) {
            Socket s = new Socket();
            try {
                s.setReceiveBufferSize(receiveBuffer(geometry));
                s.connect(new InetSocketAddress(host, port), POLL_MS * 4);
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
    public int port() { return server != null ? server.getLocalPort() : socket.getPort(); }

    @Override public FrameGeometry geometry() { return geometry; }

    @Override public String describe() { return name; }

    @Override public long frames() { return frames; }

    @Override public boolean read(RawFrame frame) throws IOException {
        if (in == null && !open()) return false;
        int need = bytes.length;
        int got = 0;
        socket.setSoTimeout(frames < CHECKED_FRAMES ? pauseMs : POLL_MS);
        while (got < need) {
            int n;
            try {
                n = in.read(bytes, got, need - got);
            } catch (SocketTimeoutException e) {
                if (closed) return false;
                if (got == 0) {
                    burst = 0; // a pause between frames, as a paced sender makes
                    continue;
                }
                if (frames < CHECKED_FRAMES) {
                    throw new FrameStreamException(name, frames, "the rig file's frame geometry ("
                            + geometry.describe() + ") does not match the sender: expected " + need
                            + " bytes per frame, received " + burst + " bytes in one burst (then nothing for "
                            + pauseMs + " ms); check frames.geometry against the acquisition program's lines and"
                            + " pixels");
                }
                continue;
            } catch (SocketException e) {
                if (closed) return false;
                throw new FrameStreamException(name, frames, "the connection dropped after " + got + " of " + need
                        + " bytes of this frame (" + e.getMessage() + ")", e);
            }
            if (n < 0) {
                if (got == 0) return false;
                throw new FrameStreamException(name, frames, "the frame was cut short: the connection closed after "
                        + got + " of " + need + " bytes (" + geometry.describe() + ")");
            }
            got += n;
            burst += n;
        }
        frame.arrivalNanos = System.nanoTime();
        frame.timestamp = LocalClock.now();
        frame.decode(bytes, invert);
        frame.number = frames++;
        return true;
    }

    private boolean open() throws IOException {
        if (server != null) {
            while (socket == null) {
                if (closed) return false;
                try {
                    socket = server.accept();
                } catch (SocketTimeoutException e) {
                    // poll for close
                } catch (SocketException e) {
                    if (closed) return false;
                    throw e;
                }
            }
        }
        socket.setTcpNoDelay(true);
        if (server == null) socket.setReceiveBufferSize(receiveBuffer(geometry));
        in = socket.getInputStream();
        return true;
    }

    /** The sender's address once connected, for messages. */
    public String peer() {
        Socket s = socket;
        return s == null ? null : s.getRemoteSocketAddress().toString();
    }

    @Override public void close() {
        closed = true;
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
    }
}
