package org.apical.lsl;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import org.apical.stream.StreamInfo;

/**
 * Keeps an up-to-date list of the streams on the network (liblsl's {@code continuous_resolver}): a background
 * thread sends a query wave every {@code MulticastMinRTT + ContinuousResolveInterval} seconds; streams not seen
 * for {@code forgetAfter} seconds drop out of {@link #results()}.
 */
public final class ContinuousResolver implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.apical.lsl");

    private final ResolveSession session;
    private final double forgetAfter;
    private final Thread thread;
    private volatile boolean closed;

    public ContinuousResolver(LslConfig cfg, String predicate, double forgetAfterSeconds) throws IOException {
        String query = Resolver.sessionClause(cfg) + (predicate == null || predicate.isBlank() ? "" : " and " + predicate);
        this.session = new ResolveSession(cfg, query);
        this.forgetAfter = forgetAfterSeconds;
        long period = (long) ((cfg.multicastMinRtt() + cfg.continuousResolveInterval()) * 1e9);
        this.thread = Thread.ofPlatform().daemon().name("lsl-continuous-resolver").start(() -> loop(period));
    }

    private void loop(long period) {
        while (!closed) {
            try {
                session.wave();
                session.receiveUntil(System.nanoTime() + period);
            } catch (IOException e) {
                if (!closed) LOG.log(Level.WARNING, "LSL continuous resolver: " + e.getMessage());
                return;
            }
        }
    }

    /** The streams seen within the last {@code forgetAfter} seconds. */
    public List<StreamInfo> results() {
        double now = LocalClock.now();
        List<StreamInfo> out = new ArrayList<>();
        // never under a lock the receiving thread holds: a reader once starved here for tens of seconds
        for (ResolveSession.Seen s : session.seen()) {
            if (now - s.lastSeen() <= forgetAfter) out.add(s.info());
        }
        return out;
    }

    @Override public void close() {
        closed = true;
        session.close();
        thread.interrupt();
    }
}
