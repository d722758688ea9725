package org.apical.lsl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;

/**
 * A misbehaving outlet on loopback: it answers discovery honestly (a real {@link UdpResponder} with a sane short
 * info pointing at its own TCP port), then answers the inlet's TCP requests with whatever {@link Behaviour} the test
 * scripts (bad XML, a wrong status, garbage, silence...). One behaviour for {@code LSL:fullinfo}, one for
 * {@code LSL:streamfeed}.
 */
final class HostileOutlet implements AutoCloseable {
    /** What the peer writes back on one accepted connection after reading the request line. */
    interface Behaviour {
        void answer(Socket s, String requestLine, HostileOutlet peer) throws IOException;
    }

    final StreamInfo info;
    private final ServerSocket server;
    private final UdpResponder udp;
    private final Behaviour fullInfo;
    private final Behaviour feed;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    HostileOutlet(String name, LslConfig cfg, Behaviour fullInfo, Behaviour feed) throws Exception {
        this.fullInfo = fullInfo;
        this.feed = feed;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        DatagramSocket socket = PortBinder.udp(cfg);
        info = StreamInfo.create(name, "Test", 2, 10, ChannelFormat.FLOAT32, name + "-src")
                .published(StreamInfo.newUid(), LocalClock.now(), cfg.sessionId(), server.getLocalPort(),
                        socket.getLocalPort())
                .withV4Address("127.0.0.1");
        udp = new UdpResponder(socket, true, new QueryMatcher(info), StreamInfoXml.shortInfo(info), "hostile-udp");
        udp.start();
        Thread.ofPlatform().daemon().name("hostile-accept").start(this::accept);
    }

    /** The honest full info, for behaviours that change a part of it. */
    String fullXml() { return StreamInfoXml.full(info); }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread.ofPlatform().daemon().name("hostile-conn").start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try {
            String line = readLine(s.getInputStream());
            if (line.startsWith("LSL:fullinfo")) fullInfo.answer(s, line, this);
            else if (line.startsWith("LSL:streamfeed")) {
                while (!readLine(s.getInputStream()).isEmpty()) { } // the request's headers
                feed.answer(s, line, this);
            }
        } catch (IOException e) {
            // the inlet hung up: expected for most behaviours
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) b.append((char) c);
        return b.toString().strip();
    }

    static void write(Socket s, String text) throws IOException {
        OutputStream o = s.getOutputStream();
        o.write(text.getBytes(StandardCharsets.UTF_8));
        o.flush();
    }

    static Behaviour reply(String text) {
        return (s, line, peer) -> {
            write(s, text);
            s.close();
        };
    }

    static final Behaviour HONEST_INFO = (s, line, peer) -> {
        write(s, peer.fullXml());
        s.close();
    };

    /** Accepts and never answers (until the inlet gives up and closes). */
    static final Behaviour SILENT = (s, line, peer) -> {
        while (s.getInputStream().read() >= 0) { }
    };

    /** A well-formed 200 header for this stream, then whatever {@code body} is. */
    static Behaviour ok(String protocol, byte[] body) {
        return (s, line, peer) -> {
            write(s, "LSL/" + protocol + " 200 OK\r\nUID: " + peer.info.uid() + "\r\nByte-Order: 1234\r\n"
                    + "Suppress-Subnormals: 0\r\nData-Protocol-Version: " + protocol + "\r\n\r\n");
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            while (s.getInputStream().read() >= 0) { }
        };
    }

    /** Header lines without end, as fast as the inlet reads them. */
    static final Behaviour ENDLESS_HEADER = (s, line, peer) -> {
        write(s, "LSL/110 200 OK\r\n");
        while (true) write(s, "X-Padding: " + "x".repeat(100) + "\r\n");
    };

    @Override public void close() throws IOException {
        closed = true;
        udp.close();
        server.close();
        for (Socket s : open) s.close();
    }
}
