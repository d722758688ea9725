package org.apical.spikes;

import java.util.List;
import java.util.function.Consumer;
import org.apical.core.Frame;
import org.apical.core.LatencyHistogram;
import org.apical.core.StreamDescription;
import org.apical.lsl.CorrectionCache;
import org.apical.lsl.LiveLslSource;
import org.apical.lsl.LocalClock;
import org.apical.lsl.StreamInlet;

/**
 * A live spike-event stream (one sample per spike) as a session source of bins: events are pulled from the inlet,
 * their stamps mapped into this machine's clock (LSL time correction for a stream from another computer), and
 * counted by {@link SpikeBinner}; a bin is handed to the pipeline once this machine's clock passes its end by the
 * bin latency, events or not. Each event also goes as received to a {@link RawEventSink} (the recording). Nothing
 * here allocates per event: numeric ids are read into a reused array, text ids (the inlet decoded them already)
 * are looked up without copying.
 */
public final class SpikeEventSource implements LiveLslSource, BinnedEvents {
    private final StreamInlet inlet;
    private final SpikeEventLayout layout;
    private final StreamDescription description;
    private final SpikeBinner binner;
    private final long maxBins;
    private final boolean remote;
    private final double[] numeric;
    private final String[] text;
    private final LatencyHistogram transport = new LatencyHistogram();
    private final LatencyHistogram overdue = new LatencyHistogram();
    private volatile boolean closed;
    private volatile boolean endWaiting;
    private volatile RawEventSink raw;
    private long bins;
    private long events;
    private long lastDropped;
    private final CorrectionCache correction;
    private String lostReason;
    private int reportAfterBins = -1;
    private int[] namedChannels;
    private Consumer<String> reportTo;
    private volatile List<String> silentUnits;

    /** @param maxBins end of the stream after this many bins (−1: until closed or the stream is lost) */
    public SpikeEventSource(StreamInlet inlet, SpikeEventLayout layout, long maxBins) {
        this.inlet = inlet;
        this.correction = new CorrectionCache(inlet::timeCorrection);
        this.layout = layout;
        this.description = layout.binsDescription();
        this.binner = layout.binner();
        this.maxBins = maxBins;
        this.remote = !LiveLslSource.isThisMachine(inlet.info().hostname());
        this.numeric = layout.textIds() ? null : new double[inlet.channelCount()];
        this.text = layout.textIds() ? new String[inlet.channelCount()] : null;
    }

    @Override public StreamDescription description() { return description; }

    @Override public SpikeEventLayout layout() { return layout; }

    @Override public void recordTo(RawEventSink sink) { this.raw = sink; }

    @Override public void reportSilentUnits(int afterBins, int[] channels, Consumer<String> to) {
        this.reportAfterBins = afterBins;
        this.namedChannels = channels.clone();
        this.reportTo = to;
    }

    @Override public boolean timestampsOnThisClock() { return true; }

    @Override public boolean next(Frame f) throws InterruptedException {
        if (maxBins >= 0 && bins >= maxBins) return false;
        binner.start(LocalClock.now());
        while (!closed && !endWaiting) {
            double now = LocalClock.now();
            if (now >= binner.nextCloseTime()) {
                // what already arrived belongs to this bin or a later one: take it before closing
                while (pullOne(0)) { }
                if (lostReason != null) return false;
                double due = binner.nextCloseTime();
                double end = binner.nextBinEnd();
                binner.closeIfDue(Math.max(now, due), f.raw);
                f.arrivalNanos = System.nanoTime();
                overdue.record((long) ((f.arrivalNanos / 1e9 - due) * 1e9));
                f.timestamp = end;
                long dropped = inlet.droppedSamples();
                f.gapBefore = dropped - lastDropped;
                lastDropped = dropped;
                inlet.takeGap();
                bins++;
                if (bins == reportAfterBins) {
                    silentUnits = BinnedEvents.reportSilent(binner, layout, namedChannels, bins, reportTo);
                }
                return true;
            }
            double wait = Math.min(0.25, binner.nextCloseTime() - now);
            if (!pullOne(Math.max(0, wait))) {
                if (lostReason != null) return false;
                if (Thread.interrupted()) throw new InterruptedException();
            }
        }
        return false;
    }

    /** Pulls one event within {@code timeout} and bins it; false when none came (or the stream was lost). */
    private boolean pullOne(double timeout) {
        double ts = text != null ? inlet.pullSample(text, timeout) : inlet.pullSample(numeric, timeout);
        if (ts == 0.0) {
            if (inlet.isLost()) {
                lostReason = "stream '" + layout.events().name() + "' was lost (its outlet closed and it has no"
                        + " source_id to recover by)";
            }
            return false;
        }
        if (remote) {
            if (inlet.wasClockReset()) correction.reset();
            ts += correction.at(inlet.lastArrivalNanos() / 1e9);
        }
        events++;
        RawEventSink sink = raw;
        int channel;
        if (text != null) {
            channel = layout.units().channelOf(text[layout.unitChannel()]);
            if (sink != null) sink.text(ts, text);
        } else {
            channel = layout.units().channelOf(numeric[layout.unitChannel()]);
            if (sink != null) sink.numeric(ts, numeric);
        }
        binner.add(channel, ts);
        transport.record((long) ((LocalClock.now() - ts) * 1e9));
        return true;
    }


    /** The events' fate so far. */
    @Override public SpikeEventStats stats() {
        return new SpikeEventStats(layout.events().name(), binner.binSeconds(), binner.latencySeconds(), bins, events,
                binner.counted(), binner.late(), binner.ahead(), binner.unknown(), silentUnits);
    }

    /** A bin's close time (end + latency) → the moment it was handed to the pipeline. */
    public LatencyHistogram overdue() { return overdue; }

    @Override public LatencyHistogram transportLatency() { return transport; }

    @Override public String lostReason() { return lostReason; }

    @Override public String backend() { return "java"; }

    @Override public void endWaiting() { endWaiting = true; }

    @Override public void close() {
        closed = true;
        inlet.close();
    }
}
