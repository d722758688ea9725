package org.apical.lsl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apical.config.Definitions;
import org.apical.core.Frame;
import org.apical.core.StreamDescription;
import org.apical.reward.SimulatedRewardOutput;
import org.apical.session.Session;
import org.apical.session.Sources;
import org.apical.sim.Pacer;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;
import org.apical.task.TrialOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The native backend (liblsl's own inlet and outlets through java.lang.foreign) against the real liblsl: the
 * session loop decides the same on both backends, the channel map comes from liblsl's full info, lost samples are
 * counted, and Apical's own streams published by liblsl reach Apical's inlet.
 */
class NativeBackendInteropTest {
    static final LslConfig CFG = LslConfig.machineOnly();
    static final Path ROOT = Path.of(System.getProperty("basedir", Path.of("").toAbsolutePath().resolve("../..").normalize().toString()));
    static LslBackend nativeBackend;

    @BeforeAll
    static void load() {
        nativeBackend = new LslBackend(LiblslPeer.get());
    }

    static Session session(LslBackend backend) throws Exception {
        Definitions defs = Definitions.load(ROOT.resolve("rigs/sim.yaml"), ROOT.resolve("decoders/default.yaml"),
                ROOT.resolve("stimuli/grating.yaml"));
        Sources.Opened opened = Sources.simulated(defs, defs.rig().sim().withSeed(9),
                new Pacer(Double.POSITIVE_INFINITY), 1800, true, CFG, backend);
        Session s = new Session(defs, opened.source(), opened.rewardOutputs(List.of(new SimulatedRewardOutput())), null);
        s.setOffline(true);
        opened.attach(s);
        try {
            s.run();
        } finally {
            for (AutoCloseable c : opened.closeAfter()) c.close();
            opened.source().close();
        }
        return s;
    }

    @Test
    void theSessionDecidesTheSameOnBothBackends() throws Exception {
        Session onLiblsl = session(nativeBackend);
        Session onJava = session(LslBackend.JAVA);
        assertInstanceOf(NativeFrameSource.class, onLiblsl.source(), "the native backend reads through liblsl's inlet");
        assertInstanceOf(LslFrameSource.class, onJava.source());
        List<String> a = relative(onLiblsl.monitor().outcomes()), b = relative(onJava.monitor().outcomes());
        assertTrue(a.size() > 3, "trials: " + a.size());
        assertEquals(b, a, "the same trials, outcomes and times on liblsl's inlet and outlet as on Apical's");
        assertEquals(1800, onLiblsl.monitor().frames());
        assertEquals(0, onLiblsl.monitor().lostSamples());
        StreamDescription d = onLiblsl.description();
        assertEquals(50, d.pairCount(), "soma/dendrite pairs from liblsl's full info (the stream's desc)");
        assertEquals(50, d.pairDendrites()[0]);
    }

    static List<String> relative(List<TrialOutcome> outcomes) {
        double t0 = outcomes.getFirst().startTimestamp();
        return outcomes.stream().map(o -> o.trial() + " " + o.kind() + " " + Math.round((o.startTimestamp() - t0) * 30)
                + " " + String.format(java.util.Locale.ROOT, "%.9f", o.timeToTarget()) + " " + o.rewarded()).toList();
    }

    @Test
    void samplesALiblslOutletNeverSentAreCountedByTheNativeSource() throws Exception {
        LibLsl lsl = nativeBackend.lib();
        MemorySegment info = lsl.createStreamInfo("native-skips", "Imaging", 2, 100, ChannelFormat.FLOAT32, "native-skips-src");
        MemorySegment outlet = lsl.createOutlet(info, 0, 10);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = LibLsl.buffer(arena, ChannelFormat.FLOAT32, 2);
            NativeInlet in = NativeInlet.open(lsl, "name='native-skips'", 5, 10, ChannelFormat.DOUBLE64, 16);
            try (NativeFrameSource source = new NativeFrameSource(in, StreamDescriptions.of(in.info(), null, false), -1,
                    lsl.versionText())) {
                assertTrue(lsl.waitForConsumers(outlet, 5));
                Set<Integer> skipped = Set.of(10, 11, 50);
                for (int i = 0; i < 100; i++) {
                    if (skipped.contains(i)) continue;
                    LiblslPeer.put(buf, ChannelFormat.FLOAT32, 0, i);
                    LiblslPeer.put(buf, ChannelFormat.FLOAT32, 1, -i);
                    lsl.pushSample(outlet, ChannelFormat.FLOAT32, buf, 7000.0 + i / 100.0);
                }
                Map<Integer, Long> gaps = new TreeMap<>();
                Frame f = new Frame(2);
                for (int k = 0; k < 97; k++) {
                    f.clear();
                    assertTrue(source.next(f));
                    assertEquals(-f.raw[0], f.raw[1], 1e-9, "both channels of the same sample");
                    assertEquals(7000.0 + f.raw[0] / 100.0, f.timestamp, 1e-9, "its own timestamp (same machine: no correction)");
                    if (f.gapBefore != 0) gaps.put((int) f.raw[0], f.gapBefore);
                }
                assertEquals(Map.of(12, 2L, 51, 1L), gaps, "2 missing before sample 12, 1 before 51");
                assertTrue(source.backend().startsWith("native liblsl 1."), source.backend());
            }
        } finally {
            lsl.destroyOutlet(outlet);
            lsl.destroyStreamInfo(info);
        }
    }

    @Test
    void theChannelMapComesFromLiblslsFullInfo() throws Exception {
        StreamInfo template = StreamInfo.create("native-desc", "Imaging", 2, 30, ChannelFormat.FLOAT32, "native-desc-src")
                .withDesc(XmlElement.of("desc", XmlElement.of("channels",
                        XmlElement.of("channel", XmlElement.text("label", "n0-soma"), XmlElement.text("type", "soma"),
                                XmlElement.text("neuron", "0")),
                        XmlElement.of("channel", XmlElement.text("label", "n0-dend"), XmlElement.text("type", "dendrite"),
                                XmlElement.text("neuron", "0")))));
        try (NativeOutlet out = new NativeOutlet(nativeBackend.lib(), template, 10, 1);
             NativeInlet in = NativeInlet.open(nativeBackend.lib(), "name='native-desc'", 5, 10, ChannelFormat.DOUBLE64, 4)) {
            StreamDescription d = StreamDescriptions.of(in.info(), null, false);
            assertEquals(1, d.pairCount(), in.info().desc().toString());
            assertEquals(0, d.pairSomas()[0]);
            assertEquals(1, d.pairDendrites()[0]);
            assertEquals("n0-dend", d.labels()[1]);
            assertFalse(out.info().uid().isEmpty(), "liblsl gave the outlet its own uid");
        }
    }

    @Test
    void apicalsOwnStreamsOnLiblslOutletsReachApicalsInlet() throws Exception {
        try (LslPublisher publisher = new LslPublisher("native-" + ProcessHandle.current().pid(), 30, CFG, nativeBackend)) {
            StreamInfo found = Resolver.find(CFG, "ApicalEvents", "Markers", publisher.eventsInfo().sourceId(), 5);
            assertNotNull(found, "liblsl's events outlet is discoverable by Apical's resolver");
            try (StreamInlet events = new StreamInlet(found, InletOptions.defaults().withConfig(CFG))) {
                Frame f = new Frame(2);
                f.timestamp = 123.5;
                f.eventCount = 0;
                publisher.onEvent(f, 0, true);
                String[] marker = new String[1];
                double[] row = new double[LslPublisher.CHANNELS.length];
                StreamInlet decoder = new StreamInlet(Resolver.find(CFG, "ApicalDecoder", "Decoder",
                        publisher.decoderInfo().sourceId(), 5), InletOptions.defaults().withConfig(CFG));
                try (decoder) {
                    org.apical.Conditions.await("both inlets connected to liblsl's outlets", () -> publisher.consumers() >= 1);
                    publisher.onEvent(f, 1, true);
                    assertEquals(123.5, decoder.pullSample(row, 5), "the frame's own timestamp through liblsl's outlet");
                }
                assertEquals(0.0, events.pullSample(marker, 0.1), "no task event, no marker");
            }
        }
    }

    @Test
    void lslReceiveOnTheNativeBackendVerifiesThePatternOfApicalsSend() throws Exception {
        String before = System.getProperty("lsl.lib");
        System.setProperty("lsl.lib", nativeBackend.lib().path().toString());
        try {
            var sender = java.util.concurrent.CompletableFuture.supplyAsync(() -> org.apical.cli.Main.commandLine().execute(
                    "lsl", "send", "--name", "native-recv", "--format", "int16", "--channels", "3", "--rate", "200",
                    "--duration", "5", "--scope", "machine")); // long enough for a receiver started late on a busy machine
            org.apical.CommandRun r = org.apical.CommandRun.of("lsl", "receive", "--name", "native-recv", "--duration", "1.0",
                    "--verify", "--json", "--lsl-backend", "native");
            assertEquals(0, r.code(), r.out());
            assertTrue(r.out().contains("native backend: native liblsl"), r.out());
            assertTrue(r.json().get("pattern_ok").asBoolean(), r.out());
            assertTrue(r.json().get("samples").asLong() > 50, r.out());
            assertEquals(0, sender.get());
        } finally {
            if (before == null) System.clearProperty("lsl.lib");
            else System.setProperty("lsl.lib", before);
        }
    }

    @Test
    void theNativeSourceAndOutletAllocateNothingPerSample() throws Exception {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        StreamInfo template = StreamInfo.create("native-alloc", "Imaging", 8, 1000, ChannelFormat.FLOAT32, "native-alloc-src");
        try (NativeOutlet out = new NativeOutlet(nativeBackend.lib(), template, 10, 1);
             NativeInlet in = NativeInlet.open(nativeBackend.lib(), "name='native-alloc'", 5, 10, ChannelFormat.DOUBLE64, 256);
             NativeFrameSource source = new NativeFrameSource(in, StreamDescriptions.of(in.info(), null, false), -1,
                     nativeBackend.lib().versionText())) {
            assertTrue(out.waitForConsumers(5));
            double[] v = new double[8];
            Frame f = new Frame(8);
            for (int round = 0; round < 3; round++) { // the first rounds warm up the JIT
                long before = mx.getThreadAllocatedBytes(Thread.currentThread().threadId());
                for (int i = 0; i < 2000; i++) {
                    v[0] = round * 2000 + i;
                    out.pushSample(v, 100 + (round * 2000 + i) / 1000.0);
                    f.clear();
                    assertTrue(source.next(f));
                    assertEquals(v[0], f.raw[0]);
                }
                long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before;
                if (round == 2) assertTrue(allocated < 20_000, "2,000 pushes and frames allocated " + allocated + " bytes");
            }
        }
    }

    @Test
    void aRigWithBackendNativeReadsItsLslInputThroughLiblsl() throws Exception {
        Definitions defs = org.apical.TestDefinitions.definitions("""
                input: {source: lsl, backend: native, stream: {name: native-rig, type: Imaging}, scope: machine,
                        resolve_timeout: 5 s}
                """, "ensembles: {plus: [0, 1], minus: [2, 3]}\n", "angles: {start: 0, target: 90}\n");
        assertTrue(defs.rig().input().nativeBackend());
        StreamInfo template = StreamInfo.create("native-rig", "Imaging", 4, 30, ChannelFormat.FLOAT32, "native-rig-src");
        try (NativeOutlet out = new NativeOutlet(nativeBackend.lib(), template, 10, 1)) {
            Sources.Opened opened = Sources.lsl(defs, 20, nativeBackend);
            try (var source = opened.source()) {
                assertInstanceOf(NativeFrameSource.class, source);
                assertTrue(opened.backend().isNative());
                assertEquals("native-rig", source.description().name());
                assertTrue(out.waitForConsumers(5));
                double[] v = new double[4];
                for (int i = 0; i < 20; i++) {
                    for (int c = 0; c < 4; c++) v[c] = i + 10 * c;
                    out.pushSample(v, 500 + i / 30.0);
                }
                Frame f = new Frame(4);
                for (int i = 0; i < 20; i++) {
                    f.clear();
                    assertTrue(source.next(f));
                    assertEquals(i + 30, f.raw[3]);
                    assertEquals(500 + i / 30.0, f.timestamp, 1e-9);
                    assertEquals(0, f.gapBefore);
                }
                assertFalse(source.next(f), "the end after maxFrames");
            }
        }
        Definitions missing = org.apical.TestDefinitions.definitions("""
                input: {source: lsl, backend: native, stream: {name: nobody-native}, resolve_timeout: 0.3 s}
                """, "ensembles: {plus: [0, 1], minus: [2, 3]}\n", "angles: {start: 0, target: 90}\n");
        var e = assertThrows(org.apical.core.UserException.class, () -> Sources.lsl(missing, -1, nativeBackend));
        assertTrue(e.getMessage().contains("input.stream") && e.getMessage().contains("nobody-native")
                && e.getMessage().contains("lsl_api.cfg"), e.getMessage());
    }
}
