package org.apical.xdf;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory-mapped reader gives what the streaming reader gives, whole, cut at every byte and damaged at random:
 * the same streams, values and timestamps, the same problems, the same stop, the same error.
 */
class MappedXdfReaderTest {
    @TempDir Path dir;
    private byte[] good;

    @BeforeEach
    void everyFormat() throws IOException {
        Path p = dir.resolve("good.xdf");
        try (XdfWriter w = XdfWriter.create(p, XdfWriterOptions.defaults().withFsync(false).withMaxChunkBytes(1024))) {
            int f = w.addStream(StreamInfo.recorded("f32", "EEG", 3, 100, ChannelFormat.FLOAT32, ""), StreamClock.REMOTE);
            int d = w.addStream(StreamInfo.recorded("f64", "Misc", 2, 0, ChannelFormat.DOUBLE64, ""));
            int i32 = w.addStream(StreamInfo.recorded("i32", "Misc", 2, 50, ChannelFormat.INT32, ""));
            int i16 = w.addStream(StreamInfo.recorded("i16", "Misc", 1, 50, ChannelFormat.INT16, ""));
            int i8 = w.addStream(StreamInfo.recorded("i8", "Misc", 2, 50, ChannelFormat.INT8, ""));
            int i64 = w.addStream(StreamInfo.recorded("i64", "Misc", 1, 50, ChannelFormat.INT64, ""));
            int s = w.addStream(StreamInfo.recorded("events", "Markers", 2, 0, ChannelFormat.STRING, ""));
            w.clockOffset(f, 10, 0.5);
            for (int k = 0; k < 80; k++) {
                double t = 20 + k * 0.01;
                w.appendNumeric(f, t, new double[] {k, k + 0.25, -k});
                w.appendNumeric(d, t + (k % 3) * 1e-4, new double[] {k * Math.PI, 1.0 / (k + 1)});
                w.appendNumeric(i32, t, new double[] {k * 1000, -k});
                w.appendNumeric(i16, t, new double[] {k - 40});
                w.appendNumeric(i8, t, new double[] {k % 100, -(k % 100)});
                w.appendLongs(i64, t, new long[] {Long.MAX_VALUE - k});
                if (k % 15 == 0) w.appendStrings(s, t, "event " + k, "détail " + k);
                if (k == 40) {
                    w.clockOffset(f, 12, 0.52);
                    w.flush();
                    w.boundary();
                }
            }
        }
        good = Files.readAllBytes(p);
    }

    private static XdfFile streaming(byte[] b, XdfReadOptions o) throws IOException {
        return XdfReader.read(b, "f.xdf", o);
    }

    private static XdfFile mapped(byte[] b, XdfReadOptions o) throws IOException {
        return XdfMappedReader.read(MemorySegment.ofArray(b), Path.of("f.xdf"), o);
    }

    @Test
    void aWholeFileReadsTheSameWithEveryOption() throws IOException {
        for (XdfReadOptions o : new XdfReadOptions[] {XdfReadOptions.defaults(), XdfReadOptions.raw(),
                XdfReadOptions.defaults().withDejitter(true).withRobustClockFit(false)}) {
            XdfFile expected = streaming(good, o);
            assertEquals(7, expected.streams().size());
            assertNull(expected.stop());
            assertSame(expected, mapped(good, o));
        }
        Path p = dir.resolve("good.xdf");
        XdfFile fromFile = XdfReader.read(p);
        assertSame(XdfReader.readStreaming(p, XdfReadOptions.defaults()), fromFile);
        assertEquals(80, fromFile.stream("f32").samples());
        assertEquals(Long.MAX_VALUE - 79, ((SampleValues.Int64) fromFile.stream("i64").values()).data()[79]);
    }

    @Test
    void everyCutGivesTheSameStopOrTheSameError() throws IOException {
        int stops = 0;
        // every byte of the first headers, then a cut every 29 bytes (a chunk's length field, tag and content in turn)
        for (int len = 0; len < good.length; len += len < 300 ? 1 : 29) {
            byte[] b = Arrays.copyOf(good, len);
            XdfFile expected;
            try {
                expected = streaming(b, XdfReadOptions.raw());
            } catch (XdfFormatException e) {
                var m = assertThrows(XdfFormatException.class, () -> mapped(b, XdfReadOptions.raw()), "cut at " + len);
                assertEquals(e.getMessage(), m.getMessage());
                continue;
            }
            if (expected.stop() != null) stops++;
            assertSame(expected, mapped(b, XdfReadOptions.raw()));
        }
        assertTrue(stops > 300, stops + " truncated results");
    }

    @Test
    void randomDamageGivesTheSameResultOrTheSameError() throws IOException {
        Random rnd = new Random(7);
        int errors = 0, results = 0;
        for (int trial = 0; trial < 200; trial++) {
            byte[] b = good.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips; k++) b[4 + rnd.nextInt(b.length - 4)] = (byte) rnd.nextInt(256);
            XdfFile expected;
            try {
                expected = streaming(b, XdfReadOptions.raw());
            } catch (XdfFormatException e) {
                // the mapped walk may meet a later invalid chunk header before an earlier invalid sample; the
                // public path then hands the file to the streaming reader, so the user sees the same first error
                assertThrows(XdfFormatException.class, () -> mapped(b, XdfReadOptions.raw()));
                Path p = dir.resolve("damaged.xdf");
                Files.write(p, b);
                var m = assertThrows(XdfFormatException.class, () -> XdfReader.read(p, XdfReadOptions.raw()));
                assertEquals(e.getMessage().replace("f.xdf", p.toString()), m.getMessage());
                errors++;
                continue;
            }
            assertSame(expected, mapped(b, XdfReadOptions.raw()));
            results++;
        }
        assertTrue(errors > 0 && results > 0, errors + " errors, " + results + " results");
    }

    @Test
    void damageRecoveredAndGzipGoThroughTheStreamingReader() throws IOException {
        byte[] b = good.clone();
        // a Samples chunk of the float stream made invalid: the first chunk after the headers and clock offset
        XdfFile whole = streaming(good, XdfReadOptions.raw());
        int at = indexOf(b, new byte[] {3, 0, 1, 0, 0, 0});
        assertTrue(at > 0);
        b[at + 6] = 9;
        Path damaged = dir.resolve("damaged.xdf");
        Files.write(damaged, b);
        XdfReadOptions recover = XdfReadOptions.raw().withRecover(true);
        XdfFile r = XdfReader.read(damaged, recover);
        assertFalse(r.problems().isEmpty());
        assertSame(XdfReader.readStreaming(damaged, recover), r);
        assertThrows(XdfFormatException.class, () -> XdfReader.read(damaged, XdfReadOptions.raw()));

        Path gz = dir.resolve("good.xdfz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(good);
        }
        XdfFile g = XdfReader.read(gz, XdfReadOptions.raw());
        assertEquals(whole.streams().size(), g.streams().size());
        assertArrayEquals(whole.stream("f32").rawTimestamps(), g.stream("f32").rawTimestamps());
    }

    @Test
    void aCursorStreamsOneStreamAsTheWholeReadHoldsIt() throws IOException {
        Path p = dir.resolve("good.xdf");
        XdfFile whole = XdfReader.read(p, XdfReadOptions.raw());
        for (String name : new String[] {"f32", "f64", "i32", "i16", "i8", "i64"}) {
            XdfStream s = whole.stream(name);
            try (XdfSampleCursor c = XdfSampleCursor.open(p, name)) {
                assertEquals(s.samples(), c.samples());
                double[] row = new double[s.header().channelCount()];
                int k = 0;
                while (c.next(row)) {
                    assertEquals(s.rawTimestamps()[k], c.timestamp(), name + " sample " + k);
                    for (int ch = 0; ch < row.length; ch++) assertEquals(s.value(k, ch), row[ch], name + " " + k);
                    k++;
                }
                assertEquals(s.samples(), k);
            }
        }
        Path cut = dir.resolve("cut.xdf");
        Files.write(cut, Arrays.copyOf(good, good.length - 100));
        XdfFile truncated = XdfReader.read(cut, XdfReadOptions.raw());
        try (XdfSampleCursor c = XdfSampleCursor.open(cut, "f32")) {
            assertEquals(truncated.stop(), c.stop());
            assertEquals(truncated.stream("f32").samples(), c.samples());
        }
        var e = assertThrows(IOException.class, () -> XdfSampleCursor.open(p, "nope"));
        assertTrue(e.getMessage().contains("good.xdf: has no stream 'nope'"), e.getMessage());
        e = assertThrows(IOException.class, () -> XdfSampleCursor.open(p, "events"));
        assertTrue(e.getMessage().contains("holds text"), e.getMessage());
    }

    private static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int j = 0; j < what.length; j++) if (b[i + j] != what[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** Every component of both files equal, arrays by content. */
    static void assertSame(XdfFile expected, XdfFile actual) {
        assertEquals(expected.path(), actual.path());
        assertEquals(expected.header(), actual.header());
        assertEquals(expected.stop(), actual.stop());
        assertEquals(expected.problems(), actual.problems());
        assertEquals(expected.bytesRead(), actual.bytesRead());
        assertEquals(expected.streams().size(), actual.streams().size());
        for (int i = 0; i < expected.streams().size(); i++) {
            XdfStream e = expected.streams().get(i), a = actual.streams().get(i);
            String what = "stream " + e.name();
            assertEquals(e.id(), a.id(), what);
            assertEquals(e.header(), a.header(), what);
            assertArrayEquals(e.timestamps(), a.timestamps(), what);
            assertArrayEquals(e.rawTimestamps(), a.rawTimestamps(), what);
            assertEquals(e.values().getClass(), a.values().getClass(), what);
            assertEquals(e.values().samples(), a.values().samples(), what);
            assertEquals(e.values().channels(), a.values().channels(), what);
            for (int s = 0; s < e.samples(); s++) {
                for (int c = 0; c < e.values().channels(); c++) {
                    if (e.values() instanceof SampleValues.Strings) assertEquals(e.string(s, c), a.string(s, c), what);
                    else assertEquals(Double.doubleToRawLongBits(e.value(s, c)), Double.doubleToRawLongBits(a.value(s, c)), what);
                }
            }
            assertArrayEquals(e.clockTimes(), a.clockTimes(), what);
            assertArrayEquals(e.clockValues(), a.clockValues(), what);
            assertArrayEquals(e.clockFit(), a.clockFit(), what);
            assertEquals(e.footer() == null ? null : e.footer().xml(), a.footer() == null ? null : a.footer().xml(), what);
            assertEquals(Double.doubleToRawLongBits(e.effectiveRate()), Double.doubleToRawLongBits(a.effectiveRate()), what);
        }
    }
}
