package org.apical.xdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.DoubleStream;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.junit.jupiter.api.Test;

/** One stream's timestamps against its nominal rate and footer: what each kind of damage looks like. */
class StreamIntegrityTest {
    static final StreamInfo REGULAR = StreamInfo.recorded("rois", "Imaging", 4, 30, ChannelFormat.FLOAT32, "rig");
    static final StreamInfo MARKERS = StreamInfo.recorded("events", "Markers", 1, 0, ChannelFormat.STRING, "task");

    /** Samples {@code from} to {@code to} − 1 of a 30 Hz stream starting at 100 s. */
    static double[] grid(int from, int to) {
        return java.util.stream.IntStream.range(from, to).mapToDouble(i -> 100 + i / 30.0).toArray();
    }

    static StreamFooterInfo footer(double first, double last, long count, int offsets) {
        return new StreamFooterInfo("", first, last, count, Double.NaN, new double[offsets], new double[offsets]);
    }

    static StreamIntegrity.Report check(StreamInfo info, double[] ts, int offsets, StreamFooterInfo footer) {
        StreamIntegrity c = new StreamIntegrity(3, info);
        c.samples(ts, 0, ts.length);
        for (int i = 0; i < offsets; i++) c.clockOffset();
        return c.report(footer);
    }

    static final StreamFooterInfo WHOLE = footer(100, 100 + 899 / 30.0, 900, 2);

    @Test
    void aWholeStreamHasNoProblem() {
        StreamIntegrity.Report r = check(REGULAR, grid(0, 900), 2, WHOLE);
        assertEquals("[]", r.problems().toString());
        assertEquals(0, r.missing());
        assertEquals(900, r.samples());
    }

    @Test
    void aHoleInsideIsCountedByTheNominalRate() {
        double[] ts = DoubleStream.concat(DoubleStream.of(grid(0, 300)), DoubleStream.of(grid(351, 900))).toArray();
        StreamIntegrity.Report r = check(REGULAR, ts, 2, WHOLE);
        assertEquals(51, r.missingInside());
        assertEquals(1, r.holes());
        assertEquals(51, r.missing());
        assertTrue(r.problems().get(0).contains("849 samples in the file, but its footer counts 900 (51 missing)"),
                r.problems().toString());
        assertTrue(r.problems().get(1).contains("51 samples missing by its nominal rate (30 Hz) in 1 hole"),
                r.problems().toString());
    }

    @Test
    void samplesLostAtTheEndsAreCountedFromTheFooter() {
        StreamIntegrity.Report r = check(REGULAR, grid(40, 880), 2, WHOLE);
        assertEquals(40, r.missingAtStart());
        assertEquals(20, r.missingAtEnd());
        assertEquals(60, r.missing());
        assertTrue(r.problems().toString().contains("(40 missing at the start)"), r.problems().toString());
        assertTrue(r.problems().toString().contains("(20 missing at the end)"), r.problems().toString());
    }

    @Test
    void swappedAndRepeatedChunksGoBack() {
        double[] swapped = DoubleStream.concat(DoubleStream.of(grid(300, 600)),
                DoubleStream.concat(DoubleStream.of(grid(0, 300)), DoubleStream.of(grid(600, 900)))).toArray();
        StreamIntegrity.Report r = check(REGULAR, swapped, 2, WHOLE);
        assertEquals(1, r.outOfOrder());
        assertTrue(r.problems().toString().contains("timestamps go back 1 time, first at sample 300 (100 after 119.966667)"),
                r.problems().toString());

        double[] repeated = DoubleStream.concat(DoubleStream.of(grid(0, 600)), DoubleStream.of(grid(300, 900))).toArray();
        StreamIntegrity.Report d = check(REGULAR, repeated, 2, WHOLE);
        assertEquals(1, d.outOfOrder());
        assertTrue(d.problems().toString().contains("1200 samples in the file, but its footer counts 900 (300 too many"),
                d.problems().toString());
    }

    @Test
    void withoutAFooterOnlyTheTimestampsSpeak() {
        assertEquals("[]", check(REGULAR, grid(0, 500), 0, null).problems().toString(), "a killed recording, whole");
        double[] ts = DoubleStream.concat(DoubleStream.of(grid(0, 100)), DoubleStream.of(grid(130, 500))).toArray();
        StreamIntegrity.Report r = check(REGULAR, ts, 0, null);
        assertEquals(30, r.missing());
        assertEquals(-1, r.footerSamples());
    }

    @Test
    void irregularStreamsAreCheckedByCountAndOrderOnly() {
        double[] ts = {10, 10, 55.5, 1000};
        assertEquals("[]", check(MARKERS, ts, 1, footer(10, 1000, 4, 1)).problems().toString(),
                "markers sharing a timestamp and long silences are normal");
        StreamIntegrity.Report r = check(MARKERS, new double[] {10, 1000}, 1, footer(10, 1000, 4, 1));
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().getFirst().contains("2 missing"));
    }

    @Test
    void aLostClockOffsetIsNoticed() {
        StreamIntegrity.Report r = check(REGULAR, grid(0, 900), 1, WHOLE);
        assertTrue(r.problems().toString().contains("1 clock offsets in the file, but its footer lists 2"),
                r.problems().toString());
    }

    @Test
    void absurdTimestampsSaturateInsteadOfWrapping() {
        StreamIntegrity.Report r = check(REGULAR, new double[] {1, 1e300, -1e300, Double.NaN, 2e300}, 0,
                footer(-Double.MAX_VALUE, Double.MAX_VALUE, 3, 0));
        assertTrue(r.missing() > 0, "saturated, not negative: " + r.missing());
        assertTrue(r.outOfOrder() >= 1);
    }
}
