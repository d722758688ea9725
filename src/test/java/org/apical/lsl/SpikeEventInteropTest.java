package org.apical.lsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apical.Conditions;
import org.apical.config.Definitions;
import org.apical.config.Duration;
import org.apical.config.InputSection;
import org.apical.core.Frame;
import org.apical.core.UserException;
import org.apical.session.Sources;
import org.apical.spikes.SpikeEventLayout;
import org.apical.spikes.SpikeEventSource;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real liblsl outlet as an ephys system's spike stream (one sample per spike: unit id and amplitude, int32,
 * irregular rate, stamped with the spike's time) → Apical's inlet → bins with the exact counts, whatever order the
 * events come in and however late within the bin latency; and a stream with no unit channel refused by name.
 */
class SpikeEventInteropTest {
    static final LslConfig CFG = LslConfig.machineOnly();
    static final double BIN = 0.05;
    static LibLsl lsl;

    @BeforeAll
    static void load() { lsl = LiblslPeer.get(); }

    private static MemorySegment eventsOutlet(String name, String... labels) {
        MemorySegment info = lsl.createStreamInfo(name, "SpikeEvents", labels.length, 0, ChannelFormat.INT32,
                name + "-src");
        MemorySegment channels = lsl.appendChild(lsl.desc(info), "channels");
        for (String l : labels) lsl.appendChildValue(lsl.appendChild(channels, "channel"), "label", l);
        return lsl.createOutlet(info, 0, 10);
    }


    @Test
    void spikesFromLiblslLandInTheirBinsOutOfOrderAndLateWithinTheLatency() throws Exception {
        String name = "spike-events-interop";
        MemorySegment outlet = eventsOutlet(name, "amplitude_uv", "unit");
        // the unit channel is named by label (the rig's default: the channel labelled 'unit'), the second one here
        var spec = new InputSection.SpikeEvents(Duration.seconds(BIN), Duration.seconds(0.5), "", List.of("3", "7", "12"));
        try (Arena arena = Arena.ofConfined()) {
            StreamInfo found = Resolver.find(CFG, name, "SpikeEvents", name + "-src", 5);
            assertNotNull(found);
            StreamInlet inlet = new StreamInlet(found, InletOptions.defaults().withConfig(CFG));
            SpikeEventLayout layout = SpikeEventLayout.of(inlet.info(), spec, List.of(), "test-rig.yaml");
            assertEquals(1, layout.unitChannel());
            SpikeEventSource source = new SpikeEventSource(inlet, layout, -1);
            assertTrue(lsl.waitForConsumers(outlet, 5));
            MemorySegment buf = LibLsl.buffer(arena, ChannelFormat.INT32, 2);
            Map<Long, double[]> bins = new ConcurrentHashMap<>();
            Thread ingest = ingest(source, 3, "spike-ingest", bins);
            long k0;
            try {
                Conditions.await("the first (empty) bin closes", 10_000, () -> !bins.isEmpty());
                k0 = (long) Math.floor(LocalClock.now() / BIN) + 4; // a bin a little ahead: its events are known
                double b0 = k0 * BIN;
                // bin 1's spikes first, then bin 0's: out of order
                pushUnit(outlet, buf, 12, b0 + BIN + 0.010);
                pushUnit(outlet, buf, 12, b0 + BIN + 0.020);
                pushUnit(outlet, buf, 3, b0 + BIN + 0.030);
                pushUnit(outlet, buf, 12, b0 + BIN + 0.040);
                pushUnit(outlet, buf, 3, b0 + 0.010);
                pushUnit(outlet, buf, 7, b0 + 0.025);
                pushUnit(outlet, buf, 99, b0 + 0.030); // a unit no bin has: counted, not fatal
                pushUnit(outlet, buf, 7, b0 + 2 * BIN + 0.005);
                // late: sent after bin 0 has ended, within its 500 ms latency
                while (LocalClock.now() < b0 + BIN + 0.005) Thread.onSpinWait();
                pushUnit(outlet, buf, 3, b0 + 0.040);
                // once bin 0 is closed, a spike for it is late beyond the latency: counted late, in no bin
                long closes0 = k0 + 1;
                Conditions.await("bin 0 closes", 10_000, () -> bins.containsKey(closes0));
                pushUnit(outlet, buf, 7, b0 + 0.045);
                long closes2 = k0 + 3;
                Conditions.await("bin 2 closes", 10_000, () -> bins.containsKey(closes2));
            } finally {
                source.endWaiting();
                ingest.join(5000);
                source.close();
                lsl.destroyOutlet(outlet);
            }
            // keys are bin ends: bin k ends at (k + 1)·bin
            assertArrayEquals(new double[] {2, 1, 0}, bins.get(k0 + 1), "bin 0: units 3, 7, 12");
            assertArrayEquals(new double[] {1, 0, 3}, bins.get(k0 + 2), "bin 1");
            assertArrayEquals(new double[] {0, 1, 0}, bins.get(k0 + 3), "bin 2");
            assertArrayEquals(new double[] {0, 0, 0}, bins.get(k0), "the bin before: empty");
            var stats = source.stats();
            assertEquals(10, stats.events());
            assertEquals(8, stats.counted());
            assertEquals(1, stats.unknown());
            assertEquals(1, stats.late());
        }
    }

    /** Pushes one spike of {@code unit} (channel 1; channel 0 the amplitude) stamped {@code t}. */
    private static void pushUnit(MemorySegment outlet, MemorySegment buf, int unit, double t) {
        LiblslPeer.put(buf, ChannelFormat.INT32, 0, 100 + unit);
        LiblslPeer.put(buf, ChannelFormat.INT32, 1, unit);
        lsl.pushSample(outlet, ChannelFormat.INT32, buf, t);
    }

    @Test
    void textUnitIdsFromALiblslStringStreamAreBinnedTooAndUnknownOnesCounted() throws Exception {
        String name = "spike-events-text";
        MemorySegment info = lsl.createStreamInfo(name, "SpikeEvents", 1, 0, ChannelFormat.STRING, name + "-src");
        MemorySegment outlet = lsl.createOutlet(info, 0, 10);
        var spec = new InputSection.SpikeEvents(Duration.seconds(BIN), Duration.seconds(0.5), "",
                List.of("tt1_u3", "tt2_u1"));
        StreamInfo found = Resolver.find(CFG, name, "SpikeEvents", name + "-src", 5);
        assertNotNull(found);
        StreamInlet inlet = new StreamInlet(found, InletOptions.defaults().withConfig(CFG));
        SpikeEventLayout layout = SpikeEventLayout.of(inlet.info(), spec, List.of(), "test-rig.yaml");
        assertEquals(0, layout.unitChannel(), "one channel: the unit");
        SpikeEventSource source = new SpikeEventSource(inlet, layout, -1);
        assertTrue(lsl.waitForConsumers(outlet, 5));
        Map<Long, double[]> bins = new ConcurrentHashMap<>();
        Thread ingest = ingest(source, 2, "spike-ingest-text", bins);
        long k0;
        try {
            Conditions.await("the first (empty) bin closes", 10_000, () -> !bins.isEmpty());
            k0 = (long) Math.floor(LocalClock.now() / BIN) + 4;
            double b0 = k0 * BIN;
            lsl.pushStrings(outlet, new String[] {"tt2_u1"}, b0 + 0.030);
            lsl.pushStrings(outlet, new String[] {"tt1_u3"}, b0 + 0.010);
            lsl.pushStrings(outlet, new String[] {"tt1_u3"}, b0 + 0.020);
            lsl.pushStrings(outlet, new String[] {"tt9_u9"}, b0 + 0.020);
            lsl.pushStrings(outlet, new String[] {"tt2_u1"}, b0 + BIN + 0.010);
            long closes1 = k0 + 2;
            Conditions.await("bin 1 closes", 10_000, () -> bins.containsKey(closes1));
        } finally {
            source.endWaiting();
            ingest.join(5000);
            source.close();
            lsl.destroyOutlet(outlet);
        }
        assertArrayEquals(new double[] {2, 1}, bins.get(k0 + 1), "bin 0: tt1_u3, tt2_u1");
        assertArrayEquals(new double[] {0, 1}, bins.get(k0 + 2), "bin 1");
        assertEquals(1, source.stats().unknown());
    }

    @Test
    void anEventStreamWithNoUnitChannelIsRefusedNamingTheStreamAndTheField() throws Exception {
        String name = "spike-events-no-unit";
        MemorySegment outlet = eventsOutlet(name, "channel", "amplitude_uv");
        try {
            Path root = Path.of(System.getProperty("basedir", "../.."));
            String rig = """
                    name: ephys
                    input:
                      source: lsl
                      kind: spike_events
                      scope: machine
                      resolve_timeout: 5 s
                      stream: {name: %s}
                    """.formatted(name);
            Definitions defs = Definitions.parse(rig, "ephys.yaml", Files.readString(root.resolve("decoders/default.yaml")),
                    "default.yaml", Files.readString(root.resolve("stimuli/grating.yaml")), "grating.yaml");
            UserException e = assertThrows(UserException.class, () -> Sources.lsl(defs, -1));
            assertTrue(e.getMessage().contains("ephys.yaml: input.unit_channel: stream '" + name + "' has no unit channel"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("labels channel, amplitude_uv"), e.getMessage());
        } finally {
            lsl.destroyOutlet(outlet);
        }
    }

    /** Reads the source's bins on a thread of their own into {@code bins}, by bin number, until the stream ends. */
    private static Thread ingest(SpikeEventSource source, int channels, String name, Map<Long, double[]> bins) {
        return Thread.ofPlatform().name(name).start(() -> {
            Frame f = new Frame(channels);
            try {
                while (source.next(f)) bins.put(Math.round(f.timestamp / BIN), f.raw.clone());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
