package org.apical.lsl;

import org.apical.core.Frame;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Numeric push and pull, the inlet's receiver (decoding and arrival-stamping each sample) and the session's LSL
 * source (gap counting included) allocate nothing per sample (measured per thread).
 */
class HotPathAllocationTest {
    static final com.sun.management.ThreadMXBean MX = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static long allocated(Thread t) { return MX.getThreadAllocatedBytes(t.threadId()); }

    static Thread receiverOf(String stream) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("lsl-inlet-" + stream))
                .findFirst().orElseThrow(() -> new AssertionError("no receiver thread for " + stream));
    }

    @Test
    void pushAndPullDoNotAllocatePerSample() throws Exception {
        StreamInfo info = StreamInfo.create("alloc", "T", 64, 1000, ChannelFormat.FLOAT32, "alloc-src");
        LslConfig cfg = LslConfig.machineOnly();
        try (StreamOutlet out = new StreamOutlet(info, 10, cfg);
             StreamInlet in = StreamInlet.open("alloc", "T", "alloc-src", 10, InletOptions.defaults().withConfig(cfg))) {
            Thread receiver = receiverOf("alloc");
            float[] v = new float[64], got = new float[64];
            double[] d = new double[64];
            long lastArrival = 0;
            for (int round = 0; round < 3; round++) { // warm up (JIT), then measure the last round
                long before = allocated(Thread.currentThread()), receiverBefore = allocated(receiver);
                for (int i = 0; i < 5000; i++) {
                    v[0] = i;
                    out.pushSample(v, 1 + i);
                    d[1] = i;
                    out.pushSample(d, 1 + i + 0.5);
                    assertEquals(1 + i, in.pullSample(got, 2));
                    assertEquals(1 + i + 0.5, in.pullSample(d, 2));
                    assertTrue(in.lastArrivalNanos() - lastArrival >= 0);
                    lastArrival = in.lastArrivalNanos();
                }
                long allocated = allocated(Thread.currentThread()) - before;
                long byReceiver = allocated(receiver) - receiverBefore;
                if (round == 2) {
                    assertTrue(allocated < 20_000, "10,000 pushes and pulls allocated " + allocated + " bytes");
                    assertTrue(byReceiver < 20_000, "receiving 10,000 samples allocated " + byReceiver + " bytes");
                }
            }
        }
    }

    @Test
    void theSessionSourceDoesNotAllocatePerFrame() throws Exception {
        XmlElement desc = XmlElement.of("desc", XmlElement.of("channels",
                XmlElement.of("channel", XmlElement.text("type", "index")), XmlElement.empty("channel")));
        StreamInfo info = StreamInfo.create("alloc-source", "T", 2, 1000, ChannelFormat.DOUBLE64, "alloc-source-src").withDesc(desc);
        LslConfig cfg = LslConfig.machineOnly();
        try (StreamOutlet out = new StreamOutlet(info, 10, cfg)) {
            StreamInlet in = new StreamInlet(out.info(), InletOptions.defaults().withConfig(cfg));
            try (LslFrameSource source = new LslFrameSource(in, StreamDescriptions.of(in.info(), null, false), -1)) {
                Frame f = new Frame(2);
                double[] v = new double[2];
                long sample = 0, lost = 0;
                for (int round = 0; round < 3; round++) {
                    long before = allocated(Thread.currentThread());
                    for (int i = 0; i < 5000; i++) {
                        if (i % 100 == 99) sample++; // one sample in a hundred never sent
                        v[0] = sample;
                        out.pushSample(v, 1 + sample / 1000.0);
                        sample++;
                        f.clear();
                        assertTrue(source.next(f));
                        lost += f.gapBefore;
                    }
                    long allocated = allocated(Thread.currentThread()) - before;
                    if (round == 2) assertTrue(allocated < 20_000, "5,000 frames allocated " + allocated + " bytes");
                }
                assertEquals(150, lost, "the lost samples were counted on the way");
            }
        }
    }
}
