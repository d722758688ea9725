package org.apical.pipeline;

import java.net.InetAddress;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.apical.lsl.LocalClock;
import org.apical.lsl.StreamInlet;

/**
 * An LSL inlet as the session's source. Samples go straight from the inlet's buffer into the frame slot. Gaps (an
 * outlet restart, samples the inlet had to drop) are counted on the frame that follows them, never hidden.
 * Timestamps of a stream from another computer are mapped into this machine's clock with LSL time correction; a
 * stream from this machine already shares the clock (local_clock is the monotonic clock for every process).
 */
public final class LslFrameSource implements FrameSource {
    private final StreamInlet inlet;
    private final StreamDescription description;
    private final long maxFrames;
    private final boolean remote;
    private final LatencyHistogram transport = new LatencyHistogram();
    private volatile boolean closed;
    private volatile boolean endWaiting;
    private volatile BiConsumer<Integer, Double> rewardListener = (t, ts) -> { };
    private long frames;
    private long lastDropped;
    private double lastTimestamp = Double.NaN;
    private double correction;
    private double correctionAt = Double.NEGATIVE_INFINITY;
    private String lostReason;

    /** @param maxFrames end of the stream after this many frames (−1: until closed or the stream is lost) */
    public LslFrameSource(StreamInlet inlet, StreamDescription description, long maxFrames) {
        this.inlet = inlet;
        this.description = description;
        this.maxFrames = maxFrames;
        this.remote = !isThisMachine(inlet.info().hostname());
    }

    private static boolean isThisMachine(String host) {
        try {
            return host == null || host.isEmpty() || host.equals(InetAddress.getLocalHost().getHostName());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override public StreamDescription description() { return description; }

    @Override public boolean next(Frame f) throws InterruptedException {
        if (maxFrames >= 0 && frames >= maxFrames) return false;
        while (!closed && !endWaiting) {
            double ts = inlet.pullSample(f.raw, 0.25);
            if (ts == 0.0) {
                if (inlet.isLost()) {
                    lostReason = "stream '" + description.name() + "' was lost (its outlet closed and it has no"
                            + " source_id to recover by)";
                    return false;
                }
                if (Thread.interrupted()) throw new InterruptedException();
                continue;
            }
            f.arrivalNanos = System.nanoTime();
            if (remote) ts += correction(f.arrivalNanos / 1e9);
            long dropped = inlet.droppedSamples();
            long missing = dropped - lastDropped;
            lastDropped = dropped;
            boolean reconnected = inlet.takeGap();
            if ((reconnected || missing > 0) && !Double.isNaN(lastTimestamp) && description.nominalRate() > 0) {
                missing = Math.max(missing, Math.round((ts - lastTimestamp) * description.nominalRate()) - 1);
            }
            f.gapBefore = Math.max(0, missing);
            f.timestamp = ts;
            lastTimestamp = ts;
            transport.record((long) ((LocalClock.now() - ts) * 1e9));
            frames++;
            return true;
        }
        return false;
    }

    /** Re-reads the time correction every 5 s (the inlet refreshes it in the background every 2 s). */
    private double correction(double now) {
        if (now - correctionAt > 5) {
            boolean first = correctionAt == Double.NEGATIVE_INFINITY;
            correctionAt = now;
            try {
                correction = inlet.timeCorrection(first ? 5 : 1);
            } catch (TimeoutException | InterruptedException e) {
                // keep the last estimate; the next refresh tries again
            }
        }
        return correction;
    }

    /** Rewards are fed back to whoever wants them (the simulated animal behind a loopback stream). */
    public void onRewards(BiConsumer<Integer, Double> listener) { this.rewardListener = listener; }

    @Override public void onReward(int trial, double timestamp) { rewardListener.accept(trial, timestamp); }

    /** Source timestamp → the moment the pipeline had the sample (LSL transport plus any clock offset). */
    public LatencyHistogram transportLatency() { return transport; }

    public String lostReason() { return lostReason; }

    public StreamInlet inlet() { return inlet; }

    @Override public void endWaiting() { endWaiting = true; }

    @Override public void close() {
        closed = true;
        inlet.close();
    }
}
