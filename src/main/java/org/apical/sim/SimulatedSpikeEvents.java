package org.apical.sim;

import java.util.List;
import org.apical.core.Frame;
import org.apical.core.FrameSource;
import org.apical.core.StreamDescription;
import org.apical.spikes.BinnedEvents;
import org.apical.spikes.RawEventSink;
import org.apical.spikes.SpikeBinner;
import org.apical.spikes.SpikeEventLayout;
import org.apical.spikes.SpikeEventStats;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;

/**
 * The simulated rig as a spike sorter: each frame's spike counts become one event per spike (the unit id, int32),
 * stamped at evenly spaced times within the frame's interval, unit by unit, so within a frame they are out of time
 * order as from a sorter that works channel by channel. On LSL ({@link #publish}) the events go out on an
 * irregular-rate stream; in process this class is itself the session's source and bins them with the same
 * {@link SpikeBinner} as a live stream, its watermark the rig's stream time (at any speed).
 */
public final class SimulatedSpikeEvents implements BinnedEvents {
    private final SimulatedRig rig;
    private final SpikeEventLayout layout;
    private final StreamDescription description;
    private final SpikeBinner binner;
    private final long maxBins;
    private final Frame scratch;
    private final double[] sample = new double[1];
    private volatile RawEventSink raw;
    private double watermark = Double.NEGATIVE_INFINITY;
    private long bins, events;
    private int reportAfterBins = -1;
    private int[] named;
    private java.util.function.Consumer<String> reportTo;
    private volatile List<String> silent;
    private final SpikeOut counter = this::count;

    /** The events stream as the rig publishes it: one int32 channel, the unit id; irregular rate. */
    public static StreamInfo info(String sourceId) {
        return StreamInfo.create("ApicalSimSpikeEvents", "SpikeEvents", 1, StreamInfo.IRREGULAR_RATE,
                ChannelFormat.INT32, sourceId).withDesc(XmlElement.of("desc", XmlElement.of("channels",
                XmlElement.of("channel", XmlElement.text("label", "unit"), XmlElement.text("type", "unit")))));
    }

    /** In process: the rig's events binned here. @param maxBins bins before the end of the stream */
    public SimulatedSpikeEvents(SimulatedRig rig, SpikeEventLayout layout, long maxBins) {
        this.rig = rig;
        this.layout = layout;
        this.description = layout.binsDescription();
        this.binner = layout.binner();
        this.maxBins = maxBins;
        this.scratch = new Frame(rig.description().channelCount());
    }

    /** Calls {@code out} with every spike of a frame of counts stamped {@code ts} (the frame's end). */
    public static void spikes(double[] counts, double ts, double frameSeconds, SpikeOut out) {
        for (int u = 0; u < counts.length; u++) {
            int k = (int) counts[u];
            for (int j = 0; j < k; j++) out.spike(u, ts - frameSeconds + (j + 0.5) * frameSeconds / k);
        }
    }

    /** One spike of unit {@code unit} at {@code t}. */
    @FunctionalInterface
    public interface SpikeOut {
        void spike(int unit, double t);
    }

    @Override public StreamDescription description() { return description; }

    @Override public SpikeEventLayout layout() { return layout; }

    @Override public void recordTo(RawEventSink sink) { raw = sink; }

    @Override public void reportSilentUnits(int afterBins, int[] channels, java.util.function.Consumer<String> to) {
        reportAfterBins = afterBins;
        named = channels.clone();
        reportTo = to;
    }

    @Override public boolean next(Frame f) throws InterruptedException {
        if (maxBins >= 0 && bins >= maxBins) return false;
        while (true) {
            double end = binner.nextBinEnd();
            if (binner.closeIfDue(watermark, f.raw)) {
                f.timestamp = end;
                bins++;
                if (bins == reportAfterBins) silent = BinnedEvents.reportSilent(binner, layout, named, bins, reportTo);
                return true;
            }
            if (!rig.next(scratch)) return false;
            double dt = rig.frameSeconds();
            if (!binner.started()) binner.start(scratch.timestamp - dt);
            spikes(scratch.raw, scratch.timestamp, dt, counter);
            watermark = scratch.timestamp;
        }
    }

    private void count(int unit, double t) {
        events++;
        RawEventSink sink = raw;
        if (sink != null) {
            sample[0] = unit;
            sink.numeric(t, sample);
        }
        binner.add(layout.units().channelOf(unit), t);
    }

    @Override public SpikeEventStats stats() {
        return new SpikeEventStats(layout.events().name(), binner.binSeconds(), binner.latencySeconds(), bins, events,
                binner.counted(), binner.late(), binner.ahead(), binner.unknown(), silent);
    }

    @Override public boolean timestampsOnThisClock() { return rig.timestampsOnThisClock(); }

    @Override public void close() { rig.close(); }

    /** Publishes the rig's spikes on {@code outlet} until the rig ends (the publisher thread's loop). */
    static void publish(SimulatedRig rig, org.apical.lsl.SampleOutlet outlet) throws InterruptedException {
        Frame frame = new Frame(rig.description().channelCount());
        double[] one = new double[1];
        double dt = rig.frameSeconds();
        while (rig.next(frame)) {
            spikes(frame.raw, frame.timestamp, dt, (u, t) -> {
                one[0] = u;
                outlet.pushSample(one, t);
            });
        }
    }

}
