package org.apical.lsl;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.apical.stream.StreamInfoXml;

/**
 * Answers discovery ({@code LSL:shortinfo}) and, on the outlet's service socket, time probes ({@code LSL:timedata})
 * on one UDP socket. Replies go from this socket to the query's source address and the port it names.
 * Malformed datagrams are dropped with a logged reason.
 */
final class UdpResponder implements Runnable {
    private static final System.Logger LOG = System.getLogger("org.apical.lsl");

    private final DatagramSocket socket;
    private final boolean answerTime;
    private final QueryMatcher matcher;
    private final byte[] shortInfo;
    private volatile boolean closed;
    private final Thread thread;

    UdpResponder(DatagramSocket socket, boolean answerTime, QueryMatcher matcher, String shortInfoXml, String threadName) {
        this.socket = socket;
        this.answerTime = answerTime;
        this.matcher = matcher;
        this.shortInfo = shortInfoXml.getBytes(StandardCharsets.UTF_8);
        this.thread = Thread.ofPlatform().daemon().name(threadName).unstarted(this);
    }

    void start() { thread.start(); }

    int port() { return socket.getLocalPort(); }

    void close() {
        closed = true;
        socket.close();
    }

    @Override public void run() {
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                p.setLength(buf.length);
                socket.receive(p);
                double t1 = LocalClock.now();
                handle(p, t1);
            } catch (SocketException e) {
                if (!closed) LOG.log(Level.WARNING, "LSL UDP responder stopped: " + e.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) LOG.log(Level.DEBUG, "LSL UDP datagram dropped: " + e);
            }
        }
    }

    private void handle(DatagramPacket p, double t1) throws IOException {
        String text = new String(p.getData(), p.getOffset(), p.getLength(), StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n", 4);
        String method = lines[0].strip();
        if (method.equals("LSL:shortinfo")) {
            if (lines.length < 3) { drop(p, "shortinfo query without return line"); return; }
            String query = new String(lines[1].strip().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            String[] ret = lines[2].strip().split("\\s+");
            if (ret.length < 2) { drop(p, "shortinfo return line without port and id"); return; }
            int port = parsePort(ret[0]);
            if (port <= 0) { drop(p, "bad return port '" + StreamInfoXml.clip(ret[0]) + "'"); return; }
            String id = ret[1];
            if (id.length() > 64) { drop(p, "query id too long"); return; }
            if (!matcher.matches(query)) return;
            byte[] head = (id + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] reply = new byte[head.length + shortInfo.length];
            System.arraycopy(head, 0, reply, 0, head.length);
            System.arraycopy(shortInfo, 0, reply, head.length, shortInfo.length);
            socket.send(new DatagramPacket(reply, reply.length, p.getAddress(), port));
        } else if (method.equals("LSL:timedata") && answerTime) {
            if (lines.length < 2) { drop(p, "timedata without wave id and t0"); return; }
            String[] f = lines[1].strip().split("\\s+");
            if (f.length < 2 || f[0].length() > 20 || f[1].length() > 40) { drop(p, "bad timedata line"); return; }
            long wave;
            double t0;
            try {
                wave = Long.parseLong(f[0]);
                t0 = Double.parseDouble(f[1]);
            } catch (NumberFormatException e) {
                drop(p, "timedata numbers do not parse");
                return;
            }
            String reply = " " + wave + " " + NumberText.g16(t0) + " " + NumberText.g16(t1) + " "
                    + NumberText.g16(LocalClock.now());
            byte[] b = reply.getBytes(StandardCharsets.ISO_8859_1);
            socket.send(new DatagramPacket(b, b.length, p.getAddress(), p.getPort()));
        }
        // anything else is ignored, as liblsl does
    }

    private static int parsePort(String s) {
        try {
            if (s.length() > 5) return -1;
            int v = Integer.parseInt(s);
            return v >= 1 && v <= 65535 ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void drop(DatagramPacket p, String why) {
        LOG.log(Level.DEBUG, "LSL UDP datagram from " + p.getSocketAddress() + " dropped: " + why);
    }
}
