package org.apical.lsl;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apical.stream.InfoXmlException;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;

/**
 * One discovery query in flight: a reply socket, the query datagram, and the replies received so far (keyed by
 * uid, address taken from the reply's source). {@link #wave()} sends the query to every target of the configured
 * scope: the discovery addresses on the multicast port and, like liblsl's KnownPeers, every port of the outlet
 * range on each unicast peer. In machine scope every target is 127.0.0.1.
 */
final class ResolveSession implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.apical.lsl");

    private final LslConfig config;
    private final MulticastSocket socket;
    private final String queryId;
    private final byte[] datagram;
    private final List<InetSocketAddress> targets = new ArrayList<>();
    private final Map<String, Seen> results = new LinkedHashMap<>();
    private final byte[] buf = new byte[65536];

    record Seen(StreamInfo info, double lastSeen) {}

    ResolveSession(LslConfig config, String query) throws IOException {
        this.config = config;
        QueryMatcher.validate(query);
        boolean machine = config.scope() == ResolveScope.MACHINE;
        this.socket = new MulticastSocket(null);
        socket.bind(new InetSocketAddress(machine ? InetAddress.getLoopbackAddress() : InetAddress.getByName("0.0.0.0"), 0));
        if (!machine) {
            socket.setBroadcast(true);
            socket.setTimeToLive(Math.max(0, config.multicastTtl()));
        } else {
            socket.setTimeToLive(0);
        }
        this.queryId = Long.toUnsignedString(query.hashCode() * 0x9E3779B97F4A7C15L ^ System.nanoTime());
        String text = "LSL:shortinfo\r\n" + query + "\r\n" + socket.getLocalPort() + " " + queryId + "\r\n";
        this.datagram = text.getBytes(StandardCharsets.UTF_8);
        for (String a : config.discoveryAddresses()) {
            targets.add(new InetSocketAddress(InetAddress.getByName(a), config.multicastPort()));
        }
        for (String peer : config.unicastPeers()) {
            InetAddress addr;
            try {
                addr = InetAddress.getByName(peer);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "LSL KnownPeers entry '" + peer + "' does not resolve: " + e.getMessage());
                continue;
            }
            if (machine && !addr.isLoopbackAddress()) continue;
            for (int p = config.basePort(); p < config.basePort() + config.portRange() && p <= 65535; p++) {
                targets.add(new InetSocketAddress(addr, p));
            }
        }
    }

    /** Sends the query to every target once. */
    void wave() {
        for (InetSocketAddress t : targets) {
            try {
                socket.send(new DatagramPacket(datagram, datagram.length, t));
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "LSL query to " + t + " not sent: " + e.getMessage());
            }
        }
    }

    /** Receives replies until {@code untilNanos} (System.nanoTime); returns when the time is up. */
    void receiveUntil(long untilNanos) throws IOException {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (true) {
            long left = untilNanos - System.nanoTime();
            if (left <= 0) return;
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                p.setLength(buf.length);
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return;
            }
            accept(p);
        }
    }

    private void accept(DatagramPacket p) {
        byte[] d = p.getData();
        int len = p.getLength();
        int nl = -1;
        for (int k = 0; k < len; k++) if (d[k] == '\n') { nl = k; break; }
        if (nl < 0) return;
        String id = new String(d, 0, nl, StandardCharsets.ISO_8859_1).strip();
        if (!id.equals(queryId)) return;
        try {
            StreamInfo info = StreamInfoXml.parse(new String(d, nl + 1, len - nl - 1, StandardCharsets.UTF_8));
            if (info.uid().isEmpty()) return;
            synchronized (results) {
                Seen old = results.get(info.uid());
                StreamInfo withAddr = old != null ? old.info() : info.withV4Address(p.getAddress().getHostAddress());
                results.put(info.uid(), new Seen(withAddr, LocalClock.now()));
            }
        } catch (InfoXmlException e) {
            LOG.log(Level.DEBUG, "LSL discovery reply from " + p.getSocketAddress() + " ignored: " + e.getMessage());
        }
    }

    Map<String, Seen> results() { return results; }

    /**
     * A copy of what has been seen, safe while another thread receives: the continuous resolver's reader must not
     * wait for a receive that holds the socket for its whole time-out.
     */
    List<Seen> seen() {
        synchronized (results) { return new ArrayList<>(results.values()); }
    }

    @Override public void close() { socket.close(); }
}
