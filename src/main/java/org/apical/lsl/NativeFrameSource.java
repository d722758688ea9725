package org.apical.lsl;

import java.util.concurrent.TimeoutException;
import org.apical.core.Frame;
import org.apical.core.GapCounter;
import org.apical.core.LatencyHistogram;
import org.apical.core.StreamDescription;

/**
 * liblsl's own inlet as the session's source (rig field {@code input.backend: native}), with what
 * {@link LslFrameSource} gives the session on Apical's inlet: the channel map from the stream's desc (the caller
 * builds the description from {@link NativeInlet#info()}, liblsl's full info), timestamps of a stream from another
 * computer mapped into this machine's clock with liblsl's time correction, and every lost sample counted on the
 * frame after it by {@link GapCounter} (by the index channel, else the timestamps).
 * <p>
 * Samples come from liblsl a chunk at a time (all that is waiting, one foreign call) and are handed to the session
 * one by one from the native buffer: nothing is allocated per sample. liblsl does not say when it received a sample,
 * so a frame's arrival is the moment its chunk was pulled.
 */
public final class NativeFrameSource implements LiveLslSource {
    private final NativeInlet inlet;
    private final StreamDescription description;
    private final long maxFrames;
    private final boolean remote;
    private final String backend;
    private final GapCounter gaps;
    private final LatencyHistogram transport = new LatencyHistogram();
    private volatile boolean closed;
    private volatile boolean endWaiting;
    private int held, next;
    private long pulledAt;
    private boolean clockResetInChunk;
    private long frames;
    private double lastTimestamp = Double.NaN;
    private final CorrectionCache correction;
    private String lostReason;

    /** @param maxFrames end of the stream after this many frames (−1: until closed or the stream is lost) */
    public NativeFrameSource(NativeInlet inlet, StreamDescription description, long maxFrames, String libraryVersion) {
        this.inlet = inlet;
        this.correction = new CorrectionCache(timeout -> {
            try {
                return inlet.timeCorrection(timeout);
            } catch (IllegalStateException e) {
                throw new TimeoutException("liblsl: " + e.getMessage()); // liblsl's time-out
            }
        });
        this.description = description;
        this.maxFrames = maxFrames;
        this.backend = "native liblsl " + libraryVersion;
        this.remote = !LiveLslSource.isThisMachine(inlet.info().hostname());
        this.gaps = LiveLslSource.gapCounter(description, inlet.info().channelFormat());
    }

    @Override public StreamDescription description() { return description; }

    @Override public boolean timestampsOnThisClock() { return true; }

    @Override public boolean next(Frame f) throws InterruptedException {
        if (maxFrames >= 0 && frames >= maxFrames) return false;
        while (next == held) {
            if (closed || endWaiting) return false;
            try {
                held = inlet.pull(0.25);
            } catch (LostStreamException e) {
                lostReason = "stream '" + description.name() + "' was lost (liblsl: " + e.getMessage() + ")";
                return false;
            }
            next = 0;
            if (held == 0) {
                if (Thread.interrupted()) throw new InterruptedException();
                continue;
            }
            pulledAt = System.nanoTime();
            // one foreign call per chunk: the chunk after a recovery is the one from the new outlet
            clockResetInChunk = inlet.wasClockReset();
        }
        int k = next++;
        inlet.copy(k, f.raw);
        double sourceTs = inlet.stamp(k); // gaps are counted on the source's own clock
        double ts = sourceTs;
        boolean otherOutlet = k == 0 && clockResetInChunk;
        if (remote) {
            if (otherOutlet) correction.reset(); // the old correction is for the old clock
            ts += correction.at(pulledAt / 1e9);
        }
        f.arrivalNanos = pulledAt;
        f.gapBefore = otherOutlet && remote && !Double.isNaN(lastTimestamp)
                ? gaps.afterClockChange(sourceTs, ts - lastTimestamp, f.raw) : gaps.missingBefore(sourceTs, f.raw);
        f.timestamp = ts;
        lastTimestamp = ts;
        transport.record((long) ((LocalClock.now() - ts) * 1e9));
        frames++;
        return true;
    }


    @Override public LatencyHistogram transportLatency() { return transport; }

    @Override public String lostReason() { return lostReason; }

    @Override public String backend() { return backend; }

    @Override public void endWaiting() { endWaiting = true; }

    @Override public void close() {
        closed = true;
        inlet.close();
    }
}
