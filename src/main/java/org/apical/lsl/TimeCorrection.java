package org.apical.lsl;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * Estimates {@code local − remote} clock offset against an outlet's UDP time service, as liblsl does: every
 * {@code TimeUpdateInterval} a round of {@code TimeProbeCount} probes spaced {@code TimeProbeInterval}; the probe
 * with the smallest round-trip time gives the offset, if at least {@code TimeUpdateMinProbes} replies came back.
 * Runs on its own thread from the first request until closed.
 */
final class TimeCorrection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.apical.lsl");

    /** One estimate: correction to add to remote stamps, its uncertainty (rtt) and when it was measured (local). */
    record Estimate(double correction, double uncertainty, double remoteTime, double measuredAt) {}

    private final LslConfig cfg;
    private final DatagramSocket socket;
    private volatile InetSocketAddress target;
    private volatile Estimate latest;
    private volatile boolean closed;
    private Thread thread;
    private final Object lock = new Object();

    TimeCorrection(LslConfig cfg, InetSocketAddress target) throws IOException {
        this.cfg = cfg;
        this.target = target;
        this.socket = new DatagramSocket(new InetSocketAddress(
                cfg.scope() == ResolveScope.MACHINE ? java.net.InetAddress.getLoopbackAddress() : null, 0));
    }

    /** After a recovery the outlet (and maybe its clock) changed: forget the estimate and probe the new one. */
    void retarget(InetSocketAddress newTarget) {
        target = newTarget;
        latest = null;
    }

    Estimate latest() { return latest; }

    /** The latest estimate, waiting up to {@code timeoutSeconds} for the first round. */
    Estimate get(double timeoutSeconds) throws TimeoutException, InterruptedException {
        ensureStarted();
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        synchronized (lock) {
            while (latest == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) throw new TimeoutException("no time-correction estimate within " + timeoutSeconds + " s");
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return latest;
        }
    }

    void ensureStarted() {
        synchronized (lock) {
            if (thread == null && !closed) thread = Thread.ofPlatform().daemon().name("lsl-inlet-time").start(this::loop);
        }
    }

    private void loop() {
        byte[] buf = new byte[512];
        while (!closed) {
            try {
                Estimate e = round(buf);
                if (e != null) {
                    synchronized (lock) {
                        latest = e;
                        lock.notifyAll();
                    }
                }
                long pause = (long) ((latest == null ? 0.2 : cfg.timeUpdateInterval()) * 1000);
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                if (closed) return;
                LOG.log(Level.DEBUG, "LSL time probe round failed: " + e.getMessage());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private Estimate round(byte[] buf) throws IOException, InterruptedException {
        InetSocketAddress to = target;
        int wave = ThreadLocalRandom.current().nextInt(0, Integer.MAX_VALUE);
        int count = cfg.timeProbeCount();
        long interval = (long) (cfg.timeProbeInterval() * 1e9);
        long end = System.nanoTime() + count * interval + (long) (cfg.timeProbeMaxRtt() * 1e9);
        double bestRtt = Double.POSITIVE_INFINITY, bestOffset = 0, bestRemote = 0;
        int replies = 0;
        int sent = 0;
        long nextSend = System.nanoTime();
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (true) {
            long now = System.nanoTime();
            if (sent < count && now >= nextSend) {
                double t0 = LocalClock.now();
                byte[] q = ("LSL:timedata\r\n" + wave + " " + NumberText.g16(t0) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                socket.send(new DatagramPacket(q, q.length, to));
                sent++;
                nextSend = now + interval;
                continue;
            }
            long until = sent < count ? nextSend : end;
            if (now >= end) break;
            socket.setSoTimeout((int) Math.max(1, (until - now) / 1_000_000));
            try {
                p.setLength(buf.length);
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            }
            double t3 = LocalClock.now();
            String[] f = new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1).strip().split("\\s+");
            if (f.length < 4) continue;
            try {
                if (Long.parseLong(f[0]) != wave) continue;
                double t0 = Double.parseDouble(f[1]), t1 = Double.parseDouble(f[2]), t2 = Double.parseDouble(f[3]);
                double rtt = (t3 - t0) - (t2 - t1);
                double offset = ((t1 - t0) + (t2 - t3)) / 2;
                replies++;
                if (rtt < bestRtt) {
                    bestRtt = rtt;
                    bestOffset = offset;
                    bestRemote = (t1 + t2) / 2;
                }
            } catch (NumberFormatException e) {
                LOG.log(Level.DEBUG, "LSL time reply from " + p.getSocketAddress() + " does not parse");
            }
        }
        if (replies < Math.min(cfg.timeUpdateMinProbes(), count)) return null;
        return new Estimate(-bestOffset, bestRtt, bestRemote, LocalClock.now());
    }

    @Override public void close() {
        closed = true;
        socket.close();
        synchronized (lock) {
            if (thread != null) thread.interrupt();
            lock.notifyAll();
        }
    }
}
