package org.apical.lsl;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.*;

/** Numeric push and pull allocate nothing per sample (measured on the calling thread). */
class HotPathAllocationTest {
    @Test
    void pushAndPullDoNotAllocatePerSample() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StreamInfo info = StreamInfo.create("alloc", "T", 64, 1000, ChannelFormat.FLOAT32, "alloc-src");
        LslConfig cfg = LslConfig.machineOnly();
        try (StreamOutlet out = new StreamOutlet(info, 10, cfg);
             StreamInlet in = StreamInlet.open("alloc", "T", "alloc-src", 3, InletOptions.defaults().withConfig(cfg))) {
            float[] v = new float[64], got = new float[64];
            double[] d = new double[64];
            for (int round = 0; round < 3; round++) { // warm up (JIT), then measure the last round
                long tid = Thread.currentThread().threadId();
                long before = mx.getThreadAllocatedBytes(tid);
                for (int i = 0; i < 5000; i++) {
                    v[0] = i;
                    out.pushSample(v, 1 + i);
                    d[1] = i;
                    out.pushSample(d, 1 + i + 0.5);
                    assertEquals(1 + i, in.pullSample(got, 2));
                    assertEquals(1 + i + 0.5, in.pullSample(d, 2));
                }
                long allocated = mx.getThreadAllocatedBytes(tid) - before;
                if (round == 2) assertTrue(allocated < 20_000, "10,000 pushes and pulls allocated " + allocated + " bytes");
            }
        }
    }
}
