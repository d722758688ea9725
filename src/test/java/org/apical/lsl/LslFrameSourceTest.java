package org.apical.lsl;

import org.apical.Conditions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;
import org.junit.jupiter.api.Test;
import org.apical.core.Frame;

/**
 * The session's LSL source over real loopback sockets: when a frame arrived, and every sample lost before it counted
 * exactly, by the stream's sample index where it declares one, else by its timestamps against the nominal rate.
 */
class LslFrameSourceTest {
    static final LslConfig CFG = LslConfig.machineOnly();
    static final double RATE = 100;
    static final Set<Integer> SKIPPED = Set.of(10, 11, 50);

    /** Pushes samples 0..n−1 except the skipped ones, value = sample number, timestamp from {@code stamp}. */
    interface Stamp { double of(int i); }

    static void push(StreamOutlet out, int n, Set<Integer> skipped, Stamp stamp) {
        float[] v = new float[out.info().channelCount()];
        for (int i = 0; i < n; i++) {
            if (skipped.contains(i)) continue;
            java.util.Arrays.fill(v, i);
            out.pushSample(v, stamp.of(i));
        }
    }

    /** Reads {@code frames} frames; returns sample number (channel 1) → gapBefore for every frame with a gap. */
    static Map<Integer, Long> gaps(LslFrameSource source, int frames) throws InterruptedException {
        Map<Integer, Long> gaps = new TreeMap<>();
        Frame f = new Frame(source.description().channelCount());
        for (int k = 0; k < frames; k++) {
            f.clear();
            assertTrue(source.next(f), "frame " + k);
            if (f.gapBefore != 0) gaps.put((int) f.raw[1], f.gapBefore);
        }
        return gaps;
    }

    static LslFrameSource source(StreamOutlet out) throws Exception {
        StreamInlet in = new StreamInlet(out.info(), InletOptions.defaults().withConfig(CFG));
        return new LslFrameSource(in, StreamDescriptions.of(in.info(), null, false), -1);
    }

    static StreamInfo stream(String name, XmlElement desc) {
        StreamInfo i = StreamInfo.create(name, "Imaging", 3, RATE, ChannelFormat.FLOAT32, name + "-src");
        return desc == null ? i : i.withDesc(desc);
    }

    @Test
    void aFrameArrivesWhenTheInletReceivedItNotWhenThePipelinePulledIt() throws Exception {
        try (StreamOutlet out = new StreamOutlet(stream("arrive", null), 10, CFG); LslFrameSource s = source(out)) {
            push(out, 5, Set.of(), i -> 1 + i / RATE);
            Conditions.await("the inlet holds the 5 samples", () -> s.inlet().samplesAvailable() == 5);
            long buffered = System.nanoTime();
            Frame f = new Frame(3);
            long previous = Long.MIN_VALUE;
            for (int i = 0; i < 5; i++) {
                assertTrue(s.next(f));
                assertTrue(buffered - f.arrivalNanos > 0, "frame " + i + " arrived before it was pulled");
                assertTrue(previous == Long.MIN_VALUE || f.arrivalNanos - previous >= 0, "in order");
                previous = f.arrivalNanos;
            }
        }
    }

    @Test
    void samplesTheOutletNeverSentAreCountedFromTheTimestamps() throws Exception {
        try (StreamOutlet out = new StreamOutlet(stream("skips", null), 10, CFG); LslFrameSource s = source(out)) {
            push(out, 100, SKIPPED, i -> 1000 + i / RATE);
            assertEquals(Map.of(12, 2L, 51, 1L), gaps(s, 97), "2 missing before sample 12, 1 before 51");
        }
    }

    @Test
    void jitteredTimestampsGiveNoFalseGapsAndTheTrueOnesExactly() throws Exception {
        Random rnd = new Random(13);
        double[] jitter = new double[3000];
        for (int i = 0; i < jitter.length; i++) jitter[i] = (rnd.nextDouble() * 2 - 1) * 0.3 / RATE; // ±30 % of a period
        try (StreamOutlet out = new StreamOutlet(stream("jitter", null), 60, CFG); LslFrameSource s = source(out)) {
            push(out, 3000, Set.of(), i -> 1000 + i / RATE + jitter[i]);
            assertEquals(Map.of(), gaps(s, 3000), "no sample is missing");
        }
        try (StreamOutlet out = new StreamOutlet(stream("jitter-skips", null), 60, CFG); LslFrameSource s = source(out)) {
            push(out, 3000, Set.of(10, 11, 50, 2000, 2001, 2002, 2003, 2999 - 1), i -> 1000 + i / RATE + jitter[i]);
            assertEquals(Map.of(12, 2L, 51, 1L, 2004, 4L, 2999, 1L), gaps(s, 2992));
        }
    }

    @Test
    void aStreamsSampleIndexCountsWhatItsTimestampsHide() throws Exception {
        // the acquisition lost frames 10, 11 and 50 but its outlet stamps what it sends at a steady rate
        XmlElement desc = XmlElement.of("desc", XmlElement.of("channels",
                channel("roi0", "soma"), channel("frame", "index"), channel("roi1", "soma")));
        try (StreamOutlet out = new StreamOutlet(stream("indexed", desc), 10, CFG); LslFrameSource s = source(out)) {
            assertEquals(1, s.description().indexChannel(), "the channel map declares channel 1 the sample index");
            List<Integer> sent = new ArrayList<>();
            for (int i = 0; i < 100; i++) if (!SKIPPED.contains(i)) sent.add(i);
            float[] v = new float[3];
            for (int k = 0; k < sent.size(); k++) {
                java.util.Arrays.fill(v, sent.get(k));
                out.pushSample(v, 1000 + k / RATE);
            }
            assertEquals(Map.of(12, 2L, 51, 1L), gaps(s, sent.size()));
        }
    }

    @Test
    void samplesLostWhileTheOutletRestartedAreCounted() throws Exception {
        StreamInfo info = stream("restart", null);
        StreamOutlet first = new StreamOutlet(info, 10, CFG);
        try (LslFrameSource s = source(first)) {
            push(first, 20, Set.of(), i -> 1000 + i / RATE);
            Map<Integer, Long> before = gaps(s, 20);
            first.close();
            try (StreamOutlet second = new StreamOutlet(info, 10, CFG)) { // same source_id, new uid: the inlet moves to it
                assertTrue(second.waitForConsumers(30), "the inlet reconnects by itself");
                float[] v = new float[3];
                for (int i = 30; i < 40; i++) {
                    java.util.Arrays.fill(v, i);
                    second.pushSample(v, 1000 + i / RATE); // same clock (this machine's): samples 20..29 were lost
                }
                before.putAll(gaps(s, 10));
                assertEquals(Map.of(30, 10L), before);
            }
        }
    }

    static XmlElement channel(String label, String type) {
        return XmlElement.of("channel", XmlElement.text("label", label), XmlElement.text("type", type));
    }
}
