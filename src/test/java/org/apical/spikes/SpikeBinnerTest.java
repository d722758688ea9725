package org.apical.spikes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.apical.TestDefinitions;
import org.apical.config.ConfigException;
import org.apical.config.Definitions;
import org.apical.config.Duration;
import org.apical.config.InputSection;
import org.apical.core.UserException;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;
import org.junit.jupiter.api.Test;

/** The binning rules as a table of cases, unit ids of both kinds, the rig file's fields, and no allocation per event. */
class SpikeBinnerTest {
    static final double BIN = 0.05;

    @Test
    void aBinClosesOnlyOnceTheWatermarkPassesItsEndByTheLatency() {
        SpikeBinner b = new SpikeBinner(BIN, 0.005, 2);
        b.start(100.0);
        double[] out = new double[2];
        assertTrue(b.add(0, 100.010));
        assertTrue(b.add(1, 100.060)); // the next bin, before this one closed
        assertFalse(b.closeIfDue(100.052, out), "ended, but within the latency");
        assertTrue(b.add(0, 100.049), "late by 3 ms: still counts");
        assertTrue(b.closeIfDue(100.055, out));
        assertArrayEquals(new double[] {2, 0}, out);
        assertFalse(b.add(0, 100.020), "its bin is closed");
        assertEquals(1, b.late());
        assertFalse(b.closeIfDue(100.104, out));
        assertTrue(b.closeIfDue(100.105, out));
        assertArrayEquals(new double[] {0, 1}, out);
        assertTrue(b.closeIfDue(100.2, out), "a bin with no spike closes too");
        assertArrayEquals(new double[] {0, 0}, out, "and its slot was cleared");
    }

    @Test
    void unknownUnitsAndClocksFarAheadAreCountedNotBinned() {
        SpikeBinner b = new SpikeBinner(BIN, 0.005, 1);
        b.start(10);
        assertFalse(b.add(-1, 10.01));
        assertFalse(b.add(0, 10 + 100 * BIN), "beyond the open bins");
        assertFalse(b.add(0, Double.NaN));
        assertEquals(1, b.unknown());
        assertEquals(1, b.ahead());
        assertEquals(1, b.late());
        assertEquals(0, b.counted());
    }

    @Test
    void unitIdsAreNumbersOrTextAndAnUnknownIdIsMinusOne() {
        UnitIds ids = new UnitIds(List.of("12", "3", "100000", "tetrode2_u1"));
        assertEquals(0, ids.channelOf(12.0));
        assertEquals(1, ids.channelOf(3.0));
        assertEquals(2, ids.channelOf(100000.0), "a large id, by search");
        assertEquals(-1, ids.channelOf(4.0));
        assertEquals(-1, ids.channelOf(3.5));
        assertEquals(-1, ids.channelOf(-1.0));
        assertEquals(3, ids.channelOf("tetrode2_u1"));
        assertEquals(0, ids.channelOf("12"));
        assertEquals(-1, ids.channelOf("u9"));
    }

    @Test
    void binningAllocatesNothingPerEvent() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        UnitIds ids = UnitIds.count(1000);
        UnitIds text = new UnitIds(List.of(UnitIds.count(1000).labels()));
        String[] names = text.labels();
        SpikeBinner b = new SpikeBinner(BIN, 0.005, 1000);
        double[] out = new double[1000];
        b.start(0);
        run(b, ids, text, names, out, 20_000); // warm up
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().threadId());
        run(b, ids, text, names, out, 200_000);
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before;
        // one object per event would be ≥ 16 bytes each (3.2 MB); what remains is the JIT's and the profiler's
        assertTrue(allocated < 200_000, "200,000 events and their bins allocated " + allocated + " bytes");
    }

    private static long t;

    private static void run(SpikeBinner b, UnitIds ids, UnitIds text, String[] names, double[] out, int n) {
        for (int i = 0; i < n; i++, t++) {
            double ts = t * 1e-4;
            int c = (i & 1) == 0 ? ids.channelOf((double) (t % 1000)) : text.channelOf(names[(int) (t % 1000)]);
            b.add(c, ts);
            b.closeIfDue(ts, out);
        }
    }

    static final String DECODER = "ensembles: {plus: [0, 1], minus: [2, 3]}\n";
    static final String STIM = "angles: {start: 0, target: 90}\n";

    @Test
    void theRigFileSaysHowEventsAreBinnedAndWrongFieldsAreNamed() {
        Definitions d = TestDefinitions.definitions("""
                input: {source: lsl, kind: spike_events, stream: {name: Sorter}, bin: 20 ms, bin_latency: 2 ms,
                        unit_channel: cluster, unit_ids: [7, 9, 11, 13]}
                """, DECODER, STIM);
        InputSection.SpikeEvents e = d.rig().input().events();
        assertEquals(0.02, e.binSeconds(), 1e-12);
        assertEquals(0.002, e.latencySeconds(), 1e-12);
        assertEquals("cluster", e.unitChannel());
        assertEquals(List.of("7", "9", "11", "13"), e.units());
        assertTrue(d.rig().input().spikes(), "the decision path reads the bins as spike counts");

        assertProblem("input: {source: lsl, kind: spikes, stream: {name: S}, bin: 20 ms}\n", "input.bin: applies to kind: spike_events only");
        assertProblem("input: {source: lsl, kind: spike_events, stream: {name: S}, bin: 3 frames}\n", "input.bin: must be a time");
        assertProblem("input: {source: lsl, kind: spike_events, stream: {name: S}, unit_ids: [1, 1]}\n", "input.unit_ids: names a unit twice");
        assertProblem("input: {source: lsl, kind: spike_events, stream: {name: S}, bin: 1 ms, bin_latency: 2 s}\n", "input.bin_latency: must be at most 1,000 bins");
        assertProblem("input: {source: sim, kind: spike_events}\nsim: {output: counts}\n", "sim.output: must be events");
        assertProblem("input: {source: sim, kind: imaging}\nsim: {output: events}\n", "sim.output: events needs input.kind: spike_events");
        assertProblem("input: {source: lsl, kind: spike_events, stream: {name: S}, backend: native}\n", "input.backend");
    }

    private static void assertProblem(String rig, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> TestDefinitions.definitions(rig, DECODER, STIM));
        assertTrue(e.problems().stream().anyMatch(p -> p.contains(expected)), "expected [" + expected + "] in " + e.problems());
    }

    @Test
    void theUnitChannelIsTheRigsOrTheOneLabelledUnitAndAMissingOneIsNamed() {
        var spec = new InputSection.SpikeEvents(Duration.seconds(BIN), Duration.seconds(0.005), "", null);
        StreamInfo labelled = events("Sorter", 3, "electrode", "unit", "amplitude");
        assertEquals(1, SpikeEventLayout.of(labelled, spec, List.of("0"), "rig.yaml").unitChannel());
        var byName = new InputSection.SpikeEvents(Duration.seconds(BIN), Duration.seconds(0.005), "amplitude", null);
        assertEquals(2, SpikeEventLayout.of(labelled, byName, List.of("0"), "rig.yaml").unitChannel());
        assertEquals(0, SpikeEventLayout.of(events("One", 1), spec, List.of("0"), "rig.yaml").unitChannel(),
                "a stream of one channel: that one");
        UserException none = assertThrows(UserException.class,
                () -> SpikeEventLayout.of(events("Sorter2", 2, "electrode", "amplitude"), spec, List.of("0"), "rig.yaml"));
        assertTrue(none.getMessage().startsWith("rig.yaml: input.unit_channel: stream 'Sorter2' has no unit channel"),
                none.getMessage());
        var wrong = new InputSection.SpikeEvents(Duration.seconds(BIN), Duration.seconds(0.005), "cluster", null);
        UserException missing = assertThrows(UserException.class,
                () -> SpikeEventLayout.of(labelled, wrong, List.of("0"), "rig.yaml"));
        assertTrue(missing.getMessage().contains("input.unit_channel: stream 'Sorter' has no channel 'cluster'"),
                missing.getMessage());
        StreamInfo regular = StreamInfo.create("Counts", "SpikeCounts", 1, 20, ChannelFormat.FLOAT32, "c");
        UserException rate = assertThrows(UserException.class, () -> SpikeEventLayout.of(regular, spec, List.of("0"), "rig.yaml"));
        assertTrue(rate.getMessage().contains("stream 'Counts' has a regular rate"), rate.getMessage());
    }

    private static StreamInfo events(String name, int channels, String... labels) {
        XmlElement list = XmlElement.empty("channels");
        for (String l : labels) list = list.with(XmlElement.of("channel", XmlElement.text("label", l)));
        return StreamInfo.create(name, "SpikeEvents", channels, 0, ChannelFormat.INT32, name)
                .withDesc(XmlElement.of("desc", list));
    }

    @Test
    void theDecoderNamesTheDefaultUnits() {
        assertEquals(List.of("0", "1", "2", "3"), SpikeEventLayout.decoderUnits(TestDefinitions.decoder(DECODER)));
        assertEquals(List.of("u4", "u9", "u1"), SpikeEventLayout.decoderUnits(TestDefinitions.decoder(
                "ensembles: {plus: [u4, u9], minus: [u1]}\n")));
    }
}
