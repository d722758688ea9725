package org.apical.lsl;

import org.apical.stream.StreamInfo;

import java.util.function.BiConsumer;
import org.apical.core.Frame;
import org.apical.core.FrameSource;
import org.apical.core.StreamDescription;
import org.apical.core.GapCounter;
import org.apical.core.LatencyHistogram;

/**
 * An LSL inlet as the session's source. Samples go straight from the inlet's buffer into the frame slot, each with
 * the time the inlet received it from the socket. Every lost sample (never sent by the outlet, dropped by the
 * inlet's buffer, lost in an outlet restart) is counted on the frame that follows it, never hidden: by the stream's
 * sample index channel where it has one, else by its timestamps ({@link GapCounter}).
 * Timestamps of a stream from another computer are mapped into this machine's clock with LSL time correction; a
 * stream from this machine already shares the clock (local_clock is the monotonic clock for every process).
 */
public final class LslFrameSource implements LiveLslSource {
    private final StreamInlet inlet;
    private final StreamDescription description;
    private final long maxFrames;
    private final boolean remote;
    private final LatencyHistogram transport = new LatencyHistogram();
    private volatile boolean closed;
    private volatile boolean endWaiting;
    private long frames;
    private final GapCounter gaps;
    private long lastDropped;
    private double lastTimestamp = Double.NaN;
    private final CorrectionCache correction;
    private String lostReason;

    /** @param maxFrames end of the stream after this many frames (−1: until closed or the stream is lost) */
    public LslFrameSource(StreamInlet inlet, StreamDescription description, long maxFrames) {
        this.inlet = inlet;
        this.correction = new CorrectionCache(inlet::timeCorrection);
        this.description = description;
        this.maxFrames = maxFrames;
        this.remote = !LiveLslSource.isThisMachine(inlet.info().hostname());
        this.gaps = LiveLslSource.gapCounter(description, inlet.info().channelFormat());
    }

    @Override public StreamDescription description() { return description; }

    /** Local streams share the clock; remote ones are time-corrected into it. */
    @Override public boolean timestampsOnThisClock() { return true; }

    @Override public boolean next(Frame f) throws InterruptedException {
        if (maxFrames >= 0 && frames >= maxFrames) return false;
        while (!closed && !endWaiting) {
            double ts;
            try {
                ts = inlet.pullSample(f.raw, 0.25);
            } catch (LostStreamException e) {
                ts = 0.0;
            }
            if (ts == 0.0) {
                if (inlet.isLost()) {
                    StreamInfo i = inlet.info();
                    lostReason = "stream '" + description.name() + "' at " + i.v4address() + ":" + i.v4dataPort()
                            + " was lost (" + inlet.lostReason() + ")";
                    return false;
                }
                if (Thread.interrupted()) throw new InterruptedException();
                continue;
            }
            f.arrivalNanos = inlet.lastArrivalNanos();
            double sourceTs = ts; // gaps are counted on the source's own clock, which correction updates do not step
            boolean otherOutlet = inlet.wasClockReset(); // another outlet took over the stream: another clock
            if (remote) {
                if (otherOutlet) correction.reset(); // the old correction is for the old clock
                ts += correction.at(f.arrivalNanos / 1e9);
            }
            long dropped = inlet.droppedSamples();
            long droppedByInlet = dropped - lastDropped;
            lastDropped = dropped;
            inlet.takeGap(); // a reconnect's gap shows in the index or the timestamps like any other
            long missing = otherOutlet && remote && !Double.isNaN(lastTimestamp)
                    ? gaps.afterClockChange(sourceTs, ts - lastTimestamp, f.raw) : gaps.missingBefore(sourceTs, f.raw);
            // the inlet's own count is a floor: its drops leave a hole in the index and the timestamps too
            f.gapBefore = Math.max(missing, droppedByInlet);
            f.timestamp = ts;
            lastTimestamp = ts;
            transport.record((long) ((LocalClock.now() - ts) * 1e9));
            frames++;
            return true;
        }
        return false;
    }


    @Override public LatencyHistogram transportLatency() { return transport; }

    @Override public String lostReason() { return lostReason; }

    @Override public String backend() { return "java"; }

    public StreamInlet inlet() { return inlet; }

    @Override public void endWaiting() { endWaiting = true; }

    @Override public void close() {
        closed = true;
        inlet.close();
    }
}
