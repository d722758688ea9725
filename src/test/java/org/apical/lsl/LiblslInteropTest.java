package org.apical.lsl;

import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Apical ↔ the real liblsl 1.12 (through java.lang.foreign), both directions, every format, on loopback. */
class LiblslInteropTest {
    static final LslConfig CFG = LslConfig.machineOnly();
    static final int CH = 4;
    static final int N = 40;
    static LibLsl lsl;

    @BeforeAll
    static void load() {
        lsl = LiblslPeer.get();
        assertEquals(110, lsl.protocolVersion());
    }

    /** Pattern values that exercise sign and (for floats) fractions, within every format's range. */
    static double value(ChannelFormat f, int i, int c) {
        double sign = c % 2 == 0 ? 1 : -1;
        return switch (f) {
            case FLOAT32, DOUBLE64 -> sign * (i + 1000 * c + 0.25);
            case INT8 -> sign * ((i + 10 * c) % 100);
            case INT16 -> sign * ((i + 1000 * c) % 32000);
            case INT64 -> sign * (i + 1000L * c + 5_000_000_000L);
            default -> sign * (i + 1000 * c);
        };
    }

    static String text(int i, int c) { return "v" + i + "." + c + (c == 1 ? "é€" : ""); }

    @ParameterizedTest
    @EnumSource(ChannelFormat.class)
    void liblslOutletToApicalInlet(ChannelFormat f) throws Exception {
        String name = "lib2apical-" + f.xmlName();
        MemorySegment info = lsl.createStreamInfo(name, "Interop", CH, 250, f, "lib-src-" + f.xmlName());
        MemorySegment outlet = lsl.createOutlet(info, 0, 10);
        try (Arena arena = Arena.ofConfined()) {
            List<StreamInfo> found = Resolver.resolveByProp(CFG, "name", name, 1, 5);
            assertEquals(1, found.size(), "Apical's resolver finds the liblsl outlet");
            // liblsl 1.12 stamps the uid on the outlet's own copy of the info, not on the handle we hold
            assertFalse(found.getFirst().uid().isEmpty());
            assertEquals("lib-src-" + f.xmlName(), found.getFirst().sourceId());
            try (StreamInlet in = new StreamInlet(found.getFirst(), InletOptions.defaults().withConfig(CFG))) {
                assertEquals(CH, in.info().channelCount());
                assertTrue(lsl.waitForConsumers(outlet, 5));
                MemorySegment buf = f == ChannelFormat.STRING ? null : LibLsl.buffer(arena, f, CH);
                for (int i = 0; i < N; i++) {
                    double ts = 5000.0 + i / 250.0;
                    if (f == ChannelFormat.STRING) {
                        String[] s = new String[CH];
                        for (int c = 0; c < CH; c++) s[c] = text(i, c);
                        lsl.pushStrings(outlet, s, ts);
                    } else {
                        for (int c = 0; c < CH; c++) LiblslPeer.put(buf, f, c, value(f, i, c));
                        lsl.pushSample(outlet, f, buf, ts);
                    }
                }
                for (int i = 0; i < N; i++) {
                    double expectTs = 5000.0 + i / 250.0;
                    if (f == ChannelFormat.STRING) {
                        String[] s = new String[CH];
                        assertEquals(expectTs, in.pullSample(s, 5), 0, "timestamp of sample " + i);
                        for (int c = 0; c < CH; c++) assertEquals(text(i, c), s[c]);
                    } else if (f == ChannelFormat.INT64) {
                        long[] v = new long[CH];
                        assertEquals(expectTs, in.pullSample(v, 5), 0, "timestamp of sample " + i);
                        for (int c = 0; c < CH; c++) assertEquals((long) value(f, i, c), v[c], "sample " + i + " channel " + c);
                    } else {
                        double[] v = new double[CH];
                        assertEquals(expectTs, in.pullSample(v, 5), 0, "timestamp of sample " + i);
                        for (int c = 0; c < CH; c++) assertEquals(value(f, i, c), v[c], 0, "sample " + i + " channel " + c);
                    }
                }
            }
        } finally {
            lsl.destroyOutlet(outlet);
            lsl.destroyStreamInfo(info);
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelFormat.class)
    void apicalOutletToLiblslInlet(ChannelFormat f) throws Exception {
        String name = "apical2lib-" + f.xmlName();
        StreamInfo si = StreamInfo.create(name, "Interop", CH, 250, f, "apical-src-" + f.xmlName())
                .withDesc(XmlElement.of("desc", XmlElement.of("channels", XmlElement.of("channel", XmlElement.text("label", "C1")))));
        try (StreamOutlet out = new StreamOutlet(si, 10, CFG); Arena arena = Arena.ofConfined()) {
            List<MemorySegment> found = lsl.resolveByProp("name", name, 1, 5);
            assertEquals(1, found.size(), "liblsl's resolver finds the Apical outlet");
            assertEquals(out.info().uid(), lsl.uid(found.getFirst()));
            MemorySegment inlet = lsl.createInlet(found.getFirst(), 10, 0, true);
            try {
                lsl.openStream(inlet, 5);
                MemorySegment full = lsl.fullInfo(inlet, 5);
                assertTrue(lsl.xml(full).contains("<label>C1</label>"), "liblsl reads the desc of the full info");
                assertTrue(out.waitForConsumers(5));
                for (int i = 0; i < N; i++) {
                    double ts = 7000.0 + i / 250.0;
                    if (f == ChannelFormat.STRING) {
                        String[] s = new String[CH];
                        for (int c = 0; c < CH; c++) s[c] = text(i, c);
                        out.pushSample(s, ts);
                    } else if (f == ChannelFormat.INT64) {
                        long[] v = new long[CH];
                        for (int c = 0; c < CH; c++) v[c] = (long) value(f, i, c);
                        out.pushSample(v, ts);
                    } else {
                        double[] v = new double[CH];
                        for (int c = 0; c < CH; c++) v[c] = value(f, i, c);
                        out.pushSample(v, ts);
                    }
                }
                MemorySegment buf = f == ChannelFormat.STRING ? null : LibLsl.buffer(arena, f, CH);
                for (int i = 0; i < N; i++) {
                    double expectTs = 7000.0 + i / 250.0;
                    if (f == ChannelFormat.STRING) {
                        String[] s = new String[CH];
                        assertEquals(expectTs, lsl.pullStrings(inlet, s, 5), 0, "timestamp of sample " + i);
                        for (int c = 0; c < CH; c++) assertEquals(text(i, c), s[c]);
                    } else {
                        assertEquals(expectTs, lsl.pullSample(inlet, f, buf, CH, 5), 0, "timestamp of sample " + i);
                        for (int c = 0; c < CH; c++) assertEquals(value(f, i, c), LiblslPeer.get(buf, f, c), 0, "sample " + i + " channel " + c);
                    }
                }
                lsl.destroyStreamInfo(full);
            } finally {
                lsl.destroyInlet(inlet);
                for (MemorySegment m : found) lsl.destroyStreamInfo(m);
            }
        }
    }

    @Test
    void timeCorrectionAgainstLiblslTimeServiceIsWithinOneMillisecond() throws Exception {
        MemorySegment info = lsl.createStreamInfo("lib-time", "Interop", 1, 10, ChannelFormat.FLOAT32, "lib-time-src");
        MemorySegment outlet = lsl.createOutlet(info, 0, 10);
        try {
            List<StreamInfo> found = Resolver.resolveByProp(CFG, "name", "lib-time", 1, 5);
            assertEquals(1, found.size());
            try (StreamInlet in = new StreamInlet(found.getFirst(), InletOptions.defaults().withConfig(CFG))) {
                double tc = in.timeCorrection(5);
                // Same host, same CLOCK_MONOTONIC: the true offset is 0.
                assertEquals(0.0, tc, 1e-3, "time correction against liblsl's time service");
                assertTrue(in.timeCorrectionUncertainty() < 0.01);
            }
        } finally {
            lsl.destroyOutlet(outlet);
            lsl.destroyStreamInfo(info);
        }
    }

    @Test
    void liblslTimeCorrectionAgainstApicalTimeServiceIsWithinOneMillisecond() throws Exception {
        StreamInfo si = StreamInfo.create("apical-time", "Interop", 1, 10, ChannelFormat.FLOAT32, "apical-time-src");
        try (StreamOutlet out = new StreamOutlet(si, 10, CFG)) {
            List<MemorySegment> found = lsl.resolveByProp("name", "apical-time", 1, 5);
            assertEquals(1, found.size());
            MemorySegment inlet = lsl.createInlet(found.getFirst(), 10, 0, true);
            try {
                lsl.openStream(inlet, 5);
                assertEquals(0.0, lsl.timeCorrection(inlet, 5), 1e-3, "liblsl's time correction against Apical's time service");
            } finally {
                lsl.destroyInlet(inlet);
                lsl.destroyStreamInfo(found.getFirst());
            }
        }
    }

    @Test
    void localClocksAgree() {
        double a = LocalClock.now(), l = lsl.localClock(), b = LocalClock.now();
        assertTrue(l >= a - 1e-3 && l <= b + 1e-3, "liblsl local_clock " + l + " vs Java " + a + ".." + b);
    }

    @Test
    void apicalInletRecoversWhenLiblslOutletRestarts() throws Exception {
        MemorySegment info = lsl.createStreamInfo("lib-restart", "Interop", 2, 100, ChannelFormat.FLOAT32, "lib-restart-src");
        MemorySegment outlet = lsl.createOutlet(info, 0, 10);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = LibLsl.buffer(arena, ChannelFormat.FLOAT32, 2);
            List<StreamInfo> found = Resolver.resolveByProp(CFG, "name", "lib-restart", 1, 5);
            assertEquals(1, found.size());
            try (StreamInlet in = new StreamInlet(found.getFirst(), InletOptions.defaults().withConfig(CFG))) {
                assertTrue(lsl.waitForConsumers(outlet, 5));
                LiblslPeer.put(buf, ChannelFormat.FLOAT32, 0, 1);
                lsl.pushSample(outlet, ChannelFormat.FLOAT32, buf, 100.0);
                float[] v = new float[2];
                assertEquals(100.0, in.pullSample(v, 5), 0);
                assertEquals(0, in.reconnects());
                String firstUid = in.info().uid();

                lsl.destroyOutlet(outlet);
                lsl.destroyStreamInfo(info);
                info = lsl.createStreamInfo("lib-restart", "Interop", 2, 100, ChannelFormat.FLOAT32, "lib-restart-src");
                outlet = lsl.createOutlet(info, 0, 10);
                assertTrue(lsl.waitForConsumers(outlet, 15), "the Apical inlet reconnects to the new outlet by itself");
                LiblslPeer.put(buf, ChannelFormat.FLOAT32, 0, 2);
                lsl.pushSample(outlet, ChannelFormat.FLOAT32, buf, 200.0);
                assertEquals(200.0, in.pullSample(v, 5), 0);
                assertEquals(2.0f, v[0]);
                assertEquals(1, in.reconnects());
                assertTrue(in.takeGap(), "the gap is visible to the caller");
                assertNotEquals(firstUid, in.info().uid(), "the inlet now follows the new outlet");
            }
        } finally {
            lsl.destroyOutlet(outlet);
            lsl.destroyStreamInfo(info);
        }
    }

    @Test
    void samplesALiblslOutletNeverSentAreCountedByTheSessionSource() throws Exception {
        MemorySegment info = lsl.createStreamInfo("lib-skips", "Imaging", 2, 100, ChannelFormat.FLOAT32, "lib-skips-src");
        MemorySegment outlet = lsl.createOutlet(info, 0, 10);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = LibLsl.buffer(arena, ChannelFormat.FLOAT32, 2);
            List<StreamInfo> found = Resolver.resolveByProp(CFG, "name", "lib-skips", 1, 5);
            assertEquals(1, found.size());
            StreamInlet in = new StreamInlet(found.getFirst(), InletOptions.defaults().withConfig(CFG));
            try (org.apical.lsl.LslFrameSource source = new org.apical.lsl.LslFrameSource(in,
                    org.apical.lsl.StreamDescriptions.of(in.info(), null, false), -1)) {
                assertTrue(lsl.waitForConsumers(outlet, 5));
                java.util.Set<Integer> skipped = java.util.Set.of(10, 11, 50);
                for (int i = 0; i < 100; i++) {
                    if (skipped.contains(i)) continue;
                    LiblslPeer.put(buf, ChannelFormat.FLOAT32, 0, i);
                    lsl.pushSample(outlet, ChannelFormat.FLOAT32, buf, 7000.0 + i / 100.0);
                }
                java.util.Map<Integer, Long> gaps = new java.util.TreeMap<>();
                org.apical.core.Frame f = new org.apical.core.Frame(2);
                for (int k = 0; k < 97; k++) {
                    f.clear();
                    assertTrue(source.next(f));
                    if (f.gapBefore != 0) gaps.put((int) f.raw[0], f.gapBefore);
                }
                assertEquals(java.util.Map.of(12, 2L, 51, 1L), gaps, "2 missing before sample 12, 1 before 51");
            }
        } finally {
            lsl.destroyOutlet(outlet);
            lsl.destroyStreamInfo(info);
        }
    }
}
