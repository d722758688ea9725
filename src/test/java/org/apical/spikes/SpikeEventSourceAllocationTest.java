package org.apical.spikes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apical.config.Duration;
import org.apical.config.InputSection;
import org.apical.core.Frame;
import org.apical.lsl.InletOptions;
import org.apical.lsl.LocalClock;
import org.apical.lsl.LslConfig;
import org.apical.lsl.StreamInlet;
import org.apical.lsl.StreamOutlet;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.junit.jupiter.api.Test;

/**
 * The live spike-event source on its own thread — pulling every event, mapping its unit, binning it, handing it to
 * the recording's sink and closing bins on the clock — allocates nothing per event (a real loopback stream).
 */
class SpikeEventSourceAllocationTest {

    @Test
    void pullingBinningAndHandingOnEventsAllocatesNothingPerEvent() throws Exception {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StreamInfo info = StreamInfo.create("alloc-spikes", "SpikeEvents", 1, 0, ChannelFormat.INT32, "alloc-spikes");
        LslConfig cfg = LslConfig.machineOnly();
        AtomicBoolean stop = new AtomicBoolean();
        long[] sunk = new long[1];
        try (StreamOutlet out = new StreamOutlet(info, 10, cfg);
             StreamInlet in = StreamInlet.open("alloc-spikes", "SpikeEvents", "alloc-spikes", 10,
                     InletOptions.defaults().withConfig(cfg))) {
            var spec = new InputSection.SpikeEvents(Duration.seconds(0.02), Duration.seconds(0.005), "", null);
            SpikeEventLayout layout = SpikeEventLayout.of(in.info(), spec, List.of(UnitIds.count(1000).labels()),
                    "test-rig.yaml");
            SpikeEventSource source = new SpikeEventSource(in, layout, -1);
            source.recordTo(new RawEventSink() {
                @Override public void numeric(double timestamp, double[] sample) { sunk[0]++; }
                @Override public void text(double timestamp, String[] sample) { sunk[0]++; }
            });
            Thread sender = Thread.ofPlatform().name("alloc-spike-sender").start(() -> {
                double[] one = new double[1];
                int unit = 0;
                while (!stop.get()) {
                    one[0] = unit = (unit + 7) % 1000;
                    out.pushSample(one, LocalClock.now());
                    LockSupport.parkNanos(100_000);
                }
            });
            try {
                Frame f = new Frame(1000);
                for (int i = 0; i < 25; i++) assertTrue(source.next(f)); // warm up
                long eventsBefore = source.stats().events();
                long before = mx.getThreadAllocatedBytes(Thread.currentThread().threadId());
                for (int i = 0; i < 50; i++) source.next(f);
                long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before;
                long events = source.stats().events() - eventsBefore;
                assertTrue(events > 500, "events in 50 bins: " + events);
                // an object per event would be ≥ 16 bytes each
                assertTrue(allocated < 8 * events, events + " events in 50 bins allocated " + allocated + " bytes");
                assertEquals(source.stats().events(), sunk[0], "every event reached the recording's sink");
            } finally {
                stop.set(true);
                sender.join(2000);
            }
        }
    }
}
