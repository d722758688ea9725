package org.apical.lsl;

import org.apical.Conditions;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Outlet/inlet/resolver behaviour over real loopback sockets (machine scope). */
class StreamBehaviourTest {
    static final LslConfig CFG = LslConfig.machineOnly();

    static InletOptions opts() { return InletOptions.defaults().withConfig(CFG); }

    @Test
    void chunkWithOneTimestampIsBackdatedAndDeduced() throws Exception {
        StreamInfo info = StreamInfo.create("chunk", "T", 3, 100, ChannelFormat.FLOAT32, "chunk-src");
        try (StreamOutlet out = new StreamOutlet(info, 10, CFG); StreamInlet in = new StreamInlet(out.info(), opts())) {
            float[] chunk = new float[3 * 10];
            for (int k = 0; k < chunk.length; k++) chunk[k] = k;
            out.pushChunk(chunk, 50.0);
            float[] got = new float[3 * 16];
            double[] ts = new double[16];
            int n = 0;
            long deadline = System.nanoTime() + 30_000_000_000L; // guards against a hang only
            while (n < 10 && System.nanoTime() < deadline) {
                float[] part = new float[3 * 16];
                double[] pts = new double[16];
                int m = in.pullChunk(part, pts, 1.0);
                System.arraycopy(part, 0, got, n * 3, m * 3);
                System.arraycopy(pts, 0, ts, n, m);
                n += m;
            }
            assertEquals(10, n);
            for (int i = 0; i < 10; i++) assertEquals(50.0 - (9 - i) / 100.0, ts[i], 1e-9, "sample " + i);
            for (int k = 0; k < 30; k++) assertEquals(k, got[k]);
        }
    }

    @Test
    void chunkWithTimestampsAndIrregularRate() throws Exception {
        StreamInfo info = StreamInfo.create("irregular", "Markers", 2, StreamInfo.IRREGULAR_RATE, ChannelFormat.DOUBLE64, "irr-src");
        try (StreamOutlet out = new StreamOutlet(info, 10, CFG); StreamInlet in = new StreamInlet(out.info(), opts())) {
            out.pushChunk(new double[]{1, 2, 3, 4, 5, 6}, new double[]{10.5, 11.25, 30});
            out.pushSample(new double[]{7, 8}, StreamOutlet.DEDUCED); // irregular: deduced = previous stamp
            double[] v = new double[2];
            assertEquals(10.5, in.pullSample(v, 10));
            assertEquals(11.25, in.pullSample(v, 10));
            assertEquals(30.0, in.pullSample(v, 10));
            assertArrayEquals(new double[]{5, 6}, v);
            assertEquals(30.0, in.pullSample(v, 10));
            assertArrayEquals(new double[]{7, 8}, v);
        }
    }

    @Test
    void defaultTimestampIsTheLocalClock() throws Exception {
        StreamInfo info = StreamInfo.create("now", "T", 1, 10, ChannelFormat.INT32, "now-src");
        try (StreamOutlet out = new StreamOutlet(info, 10, CFG); StreamInlet in = new StreamInlet(out.info(), opts())) {
            double before = LocalClock.now();
            out.pushSample(new int[]{1});
            double ts = in.pullSample(new int[1], 10);
            assertTrue(ts >= before && ts <= LocalClock.now(), "stamped with local_clock at push");
        }
    }

    @Test
    void arrivalIsStampedWhenTheSampleIsReceivedNotWhenItIsPulled() throws Exception {
        StreamInfo info = StreamInfo.create("arrival", "T", 2, 100, ChannelFormat.FLOAT32, "arrival-src");
        try (StreamOutlet out = new StreamOutlet(info, 10, CFG); StreamInlet in = new StreamInlet(out.info(), opts())) {
            assertEquals(0, in.lastArrivalNanos(), "nothing pulled yet");
            long beforePush = System.nanoTime();
            for (int i = 0; i < 20; i++) out.pushSample(new float[]{i, -i}, 1 + i / 100.0);
            Conditions.await("the inlet holds all 20 samples", () -> in.samplesAvailable() == 20);
            long buffered = System.nanoTime();
            float[] v = new float[2];
            long previous = beforePush;
            for (int i = 0; i < 20; i++) {
                assertEquals(1 + i / 100.0, in.pullSample(v, 5), 1e-12);
                long arrival = in.lastArrivalNanos();
                assertTrue(arrival - previous >= 0, "sample " + i + " arrived after the push and after sample " + (i - 1));
                assertTrue(buffered - arrival > 0, "sample " + i + " is stamped when it was received, before it was pulled");
                previous = arrival;
            }
            double[] chunk = new double[2 * 4];
            out.pushChunk(new float[]{1, 2, 3, 4, 5, 6, 7, 8}, 2.0);
            Conditions.await("the inlet holds the chunk", () -> in.samplesAvailable() == 4);
            buffered = System.nanoTime();
            assertEquals(4, in.pullChunk(chunk, new double[4], 5));
            assertTrue(in.lastArrivalNanos() - previous >= 0 && buffered - in.lastArrivalNanos() > 0,
                    "a chunk's last sample carries its receive time");
        }
    }

    @Test
    void severalConsumersEachGetEverySample() throws Exception {
        StreamInfo info = StreamInfo.create("fan", "T", 4, 1000, ChannelFormat.INT16, "fan-src");
        try (StreamOutlet out = new StreamOutlet(info, 10, CFG);
             StreamInlet a = new StreamInlet(out.info(), opts());
             StreamInlet b = new StreamInlet(out.info(), opts());
             StreamInlet c = new StreamInlet(out.info(), opts())) {
            // each inlet returns once its side of the handshake is done; the outlet registers the feed just after
            Conditions.await("the outlet registers 3 consumers", () -> out.consumerCount() >= 3);
            assertEquals(3, out.consumerCount());
            short[] s = new short[4];
            for (int i = 0; i < 500; i++) {
                for (int k = 0; k < 4; k++) s[k] = (short) (i * 4 + k);
                out.pushSample(s, 1 + i / 1000.0);
            }
            for (StreamInlet in : List.of(a, b, c)) {
                short[] got = new short[4];
                for (int i = 0; i < 500; i++) {
                    assertEquals(1 + i / 1000.0, in.pullSample(got, 10), 1e-12);
                    assertEquals((short) (i * 4 + 3), got[3]);
                }
            }
        }
    }

    @Test
    void inletBufferLimitDropsTheOldestAndCountsThem() throws Exception {
        StreamInfo info = StreamInfo.create("limit", "T", 1, 100, ChannelFormat.FLOAT32, "limit-src");
        // 0.5 s × 100 Hz = 50 samples kept
        try (StreamOutlet out = new StreamOutlet(info, 10, CFG);
             StreamInlet in = new StreamInlet(out.info(), opts().withMaxBufferSeconds(0.5))) {
            for (int i = 0; i < 200; i++) out.pushSample(new float[]{i}, 1 + i);
            // The inlet asked the outlet for at most 50 queued samples too, so the drops may happen on either side.
            Conditions.await("all 200 samples received by the inlet or dropped by the outlet",
                    () -> in.samplesReceived() + out.droppedSamples() == 200);
            float[] v = new float[1];
            double first = in.pullSample(v, 10);
            assertEquals(151.0, first, "only the newest 50 remain");
            assertEquals(150, in.droppedSamples() + out.droppedSamples());
            assertEquals(49, in.samplesAvailable());
        }
    }

    @Test
    void slowConsumerOnOutletSideDropsOldestWithoutBlockingThePusher() throws Exception {
        StreamInfo info = StreamInfo.create("slow", "T", 1000, 100, ChannelFormat.FLOAT32, "slow-src");
        // outlet keeps 0.1 s × 100 Hz = 10 samples per consumer
        try (StreamOutlet out = new StreamOutlet(info, 0.1, CFG);
             StreamInlet in = new StreamInlet(out.info(), opts().withMaxBufferSeconds(1000))) {
            float[] v = new float[1000];
            for (int i = 0; i < 20_000; i++) out.pushSample(v, 1);

            Conditions.await("all 20,000 samples received by the inlet or dropped by the outlet",
                    () -> in.samplesReceived() + out.droppedSamples() == 20_000);
            long received = 0;
            while (in.pullSample(v, 0) != 0.0) received++;
            assertEquals(20_000, received + out.droppedSamples() + in.droppedSamples(), "every sample is either delivered or counted as dropped");
            // 80 MB pushed in a few milliseconds cannot go through a 10-sample lag: an outlet that held the pusher
            // instead of dropping would have dropped nothing
            assertTrue(out.droppedSamples() > 0, "the outlet dropped the oldest for the slow consumer");
        }
    }

    @Test
    void resolverFindsByPropertyPredicateAndAll() throws Exception {
        StreamInfo a = StreamInfo.create("ResA", "EEG", 8, 100, ChannelFormat.FLOAT32, "res-a")
                .withDesc(XmlElement.of("desc", XmlElement.of("channels", XmlElement.empty("channel"), XmlElement.empty("channel"))));
        StreamInfo b = StreamInfo.create("ResB", "Markers", 1, 0, ChannelFormat.STRING, "res-b");
        try (StreamOutlet oa = new StreamOutlet(a, 10, CFG); StreamOutlet ob = new StreamOutlet(b, 10, CFG)) {
            List<StreamInfo> byName = Resolver.resolveByProp(CFG, "name", "ResA", 1, 10);
            assertEquals(1, byName.size());
            assertEquals(oa.info().uid(), byName.getFirst().uid());
            assertEquals("127.0.0.1", byName.getFirst().v4address());
            assertTrue(byName.getFirst().desc().isEmpty(), "discovery carries the short info");

            List<StreamInfo> byPred = Resolver.resolveByPredicate(CFG, "count(desc/channels/channel)=2 and channel_count>4", 1, 10);
            assertEquals(List.of(oa.info().uid()), byPred.stream().map(StreamInfo::uid).toList());
            assertEquals(List.of(ob.info().uid()), Resolver.resolveByPredicate(CFG, "starts-with(type,'Mark')", 1, 10)
                    .stream().map(StreamInfo::uid).toList());

            // resolveAll collects the answers that come within its window; on a busy machine one may come late
            Conditions.await("resolveAll lists both outlets", () -> {
                List<StreamInfo> all = Resolver.resolveAll(CFG, 0.6);
                return all.stream().anyMatch(i -> i.uid().equals(oa.info().uid()))
                        && all.stream().anyMatch(i -> i.uid().equals(ob.info().uid()));
            });

            long t0 = System.nanoTime();
            assertTrue(Resolver.resolveByProp(CFG, "name", "Nobody", 1, 0.4).isEmpty());
            assertTrue((System.nanoTime() - t0) / 1e9 < 10, "the 0.4 s time-out ends the wait");
            assertThrows(IllegalArgumentException.class, () -> Resolver.resolveByPredicate(CFG, "name=='x", 1, 0.1));

            StreamInfo full = Resolver.find(CFG, "ResA", "EEG", "res-a", 10);
            assertNotNull(full);
            assertEquals(2, full.desc().path("channels").children("channel").size(), "find returns the full info with desc");
        }
    }

    @Test
    void continuousResolverSeesStreamsComeAndGo() throws Exception {
        StreamInfo a = StreamInfo.create("Cont", "T", 1, 10, ChannelFormat.FLOAT32, "cont-src");
        LslConfig fast = CFG;
        try (ContinuousResolver r = new ContinuousResolver(fast, "name='Cont'", 1.5)) {
            StreamOutlet o = new StreamOutlet(a, 10, fast);
            Conditions.await("the continuous resolver sees the outlet", () -> !r.results().isEmpty());
            assertEquals(List.of(o.info().uid()), r.results().stream().map(StreamInfo::uid).toList());
            o.close();
            Conditions.await("the continuous resolver forgets the closed outlet", () -> r.results().isEmpty());
        }
    }

    @Test
    void inletRecoversWhenAnOutletWithTheSameSourceIdRestarts() throws Exception {
        StreamInfo info = StreamInfo.create("Phoenix", "T", 2, 100, ChannelFormat.FLOAT32, "phoenix-src");
        StreamOutlet first = new StreamOutlet(info, 10, CFG);
        try (StreamInlet in = new StreamInlet(first.info(), opts())) {
            first.pushSample(new float[]{1, 1}, 10.0);
            float[] v = new float[2];
            assertEquals(10.0, in.pullSample(v, 10));
            first.close();
            try (StreamOutlet second = new StreamOutlet(info, 10, CFG)) {
                assertTrue(second.waitForConsumers(10), "the inlet reconnects by itself");
                second.pushSample(new float[]{2, 2}, 20.0);
                assertEquals(20.0, in.pullSample(v, 5));
                assertEquals(2f, v[0]);
                assertEquals(1, in.reconnects());
                assertTrue(in.takeGap(), "the gap is visible");
                assertFalse(in.takeGap(), "reported once");
                assertTrue(in.wasClockReset());
                assertEquals(second.info().uid(), in.info().uid());
            }
        }
    }

    @Test
    void streamWithoutSourceIdIsLostWhenItsOutletCloses() throws Exception {
        StreamInfo info = StreamInfo.create("Mayfly", "T", 1, 100, ChannelFormat.FLOAT32, "");
        StreamOutlet out = new StreamOutlet(info, 10, CFG);
        try (StreamInlet in = new StreamInlet(out.info(), opts())) {
            out.close();
            Conditions.await("the inlet declares the stream lost", in::isLost);
            assertThrows(LostStreamException.class, () -> in.pullSample(new float[1], 0.1));
        }
    }

    @Test
    void timeCorrectionAndPostProcessing() throws Exception {
        StreamInfo info = StreamInfo.create("Clock", "T", 1, 100, ChannelFormat.DOUBLE64, "clock-src");
        try (StreamOutlet out = new StreamOutlet(info, 10, CFG);
             StreamInlet in = new StreamInlet(out.info(), opts().withPostProcessing(true, false, true))) {
            double tc = in.timeCorrection(10);
            assertEquals(0.0, tc, 1e-3, "same host, same clock");
            assertTrue(in.timeCorrectionUncertainty() >= 0);
            out.pushSample(new double[]{1}, 100.0);
            out.pushSample(new double[]{2}, 99.0); // goes backwards: monotonize holds it
            double[] v = new double[1];
            double t1 = in.pullSample(v, 10), t2 = in.pullSample(v, 10);
            assertEquals(100.0 + tc, t1, 2e-3, "clock sync adds the correction");
            assertEquals(t1, t2, 0.0, "monotonized");
        }
    }

    @Test
    void dejitterSmoothsNoisyRegularTimestamps() throws Exception {
        StreamInfo info = StreamInfo.create("Jitter", "T", 1, 100, ChannelFormat.FLOAT32, "jitter-src");
        try (StreamOutlet out = new StreamOutlet(info, 10, CFG);
             StreamInlet in = new StreamInlet(out.info(), opts().withPostProcessing(false, true, false))) {
            java.util.Random rnd = new java.util.Random(1);
            for (int i = 0; i < 400; i++) out.pushSample(new float[]{i}, 1000 + i / 100.0 + (rnd.nextDouble() - 0.5) * 0.004);
            double[] ts = new double[400];
            float[] v = new float[1];
            for (int i = 0; i < 400; i++) ts[i] = in.pullSample(v, 10);
            double worst = 0;
            for (int i = 300; i < 400; i++) worst = Math.max(worst, Math.abs(ts[i] - (1000 + i / 100.0)));
            assertTrue(worst < 0.001, "jitter of ±2 ms smoothed to " + worst);
        }
    }
}
