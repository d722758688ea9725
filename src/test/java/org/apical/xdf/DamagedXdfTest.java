package org.apical.xdf;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
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

/** Truncated and corrupted files: a clean result or an XdfFormatException naming the place, never anything else. */
class DamagedXdfTest {
    @TempDir Path dir;
    private byte[] good;
    private long[] chunkStarts;

    @BeforeEach
    void smallFile() throws IOException {
        Path p = dir.resolve("good.xdf");
        try (XdfWriter w = XdfWriter.create(p, XdfWriterOptions.defaults().withFsync(false).withMaxChunkBytes(1024))) {
            int a = w.addStream(StreamInfo.recorded("eeg", "EEG", 3, 100, ChannelFormat.FLOAT32, ""), StreamClock.REMOTE);
            int b = w.addStream(StreamInfo.recorded("events", "Markers", 1, 0, ChannelFormat.STRING, ""));
            w.clockOffset(a, 10, 0.5);
            for (int i = 0; i < 60; i++) {
                w.appendNumeric(a, 20 + i * 0.01, new double[] {i, i + 1, i + 2});
                if (i % 20 == 0) w.appendStrings(b, 20 + i * 0.01, "event " + i);
                if (i == 30) {
                    w.flush();
                    w.boundary();
                }
            }
        }
        good = Files.readAllBytes(p);
        var starts = new java.util.ArrayList<Long>();
        try (XdfChunkReader r = XdfChunkReader.open(p)) {
            for (XdfChunk c = r.next(); c != null; c = r.next()) starts.add(c.offset());
        }
        chunkStarts = starts.stream().mapToLong(Long::longValue).toArray();
    }

    private Path file(byte[] bytes) throws IOException {
        Path p = dir.resolve("damaged.xdf");
        Files.write(p, bytes);
        return p;
    }

    @Test
    void everyTruncationPointGivesACleanResultOrACleanError() throws IOException {
        XdfFile whole = XdfReader.read(file(good));
        int total = whole.stream("eeg").samples();
        assertEquals(60, total);
        for (int cut = 0; cut < good.length; cut++) {
            byte[] b = Arrays.copyOf(good, cut);
            if (cut < 4) {
                var e = assertThrows(XdfFormatException.class, () -> XdfReader.read(b, "cut.xdf", XdfReadOptions.defaults()),
                        "cut at " + cut);
                assertEquals(0, e.offset());
                continue;
            }
            XdfFile f = XdfReader.read(b, "cut.xdf", XdfReadOptions.defaults());
            boolean atBoundary = Arrays.binarySearch(chunkStarts, cut) >= 0 || cut == 4;
            assertEquals(!atBoundary, f.truncated(), "cut at " + cut);
            if (f.truncated()) {
                assertTrue(Arrays.binarySearch(chunkStarts, f.stop().offset()) >= 0, "stop names a chunk start: " + f.stop());
                assertTrue(f.stop().offset() < cut);
            }
            XdfStream eeg = f.stream("eeg");
            if (eeg != null) {
                // what was read is a prefix of the real data
                for (int i = 0; i < eeg.samples(); i++) {
                    assertEquals(whole.stream("eeg").rawTimestamps()[i], eeg.rawTimestamps()[i]);
                    assertEquals(whole.stream("eeg").value(i, 2), eeg.value(i, 2));
                }
            }
        }
    }

    @Test
    void randomMutationsNeverEscapeAsAnotherKindOfException() throws IOException {
        Random rnd = new Random(42);
        int errors = 0, results = 0;
        for (int trial = 0; trial < 1500; trial++) {
            byte[] b = good.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips; k++) b[4 + rnd.nextInt(b.length - 4)] = (byte) rnd.nextInt(256);
            for (XdfReadOptions o : new XdfReadOptions[] {trial % 2 == 0 ? XdfReadOptions.defaults()
                    : XdfReadOptions.defaults().withRecover(true).withDejitter(true)}) {
                try {
                    XdfReader.read(b, "damaged.xdf", o);
                    results++;
                } catch (XdfFormatException e) {
                    assertTrue(e.getMessage().contains("damaged.xdf: byte "), e.getMessage());
                    errors++;
                }
            }
        }
        assertTrue(errors > 0 && results > 0, errors + " errors, " + results + " results");
    }

    @Test
    void invalidLengthWidthNamesTheByteOffset() throws IOException {
        byte[] b = good.clone();
        int at = (int) chunkStarts[3];
        b[at] = 2;
        var e = assertThrows(XdfFormatException.class, () -> XdfReader.read(file(b)));
        assertEquals(at, e.offset());
        assertTrue(e.getMessage().contains("width 2 (only 1, 4 or 8 are valid)"), e.getMessage());
    }

    @Test
    void samplesChunkCorruptionNamesChunkKindAndStream() throws IOException {
        int at = samplesChunkOf(1);
        byte[] b = good.clone();
        // the first sample's timestamp width byte: length(5) + tag(2) + id(4) + count(5)
        b[at + 5 + 2 + 4 + 5] = 3;
        var e = assertThrows(XdfFormatException.class, () -> XdfReader.read(file(b)));
        assertEquals(at, e.offset());
        assertEquals(XdfFormat.TAG_SAMPLES, e.tag());
        assertEquals(1, e.streamId());
        assertTrue(e.getMessage().contains("Samples chunk of stream 1: sample 0 has timestamp width 3"), e.getMessage());
    }

    @Test
    void hugeSampleCountIsRefusedWithoutAllocating() throws IOException {
        int at = samplesChunkOf(1);
        byte[] b = good.clone();
        int count = at + 5 + 2 + 4 + 1;
        b[count] = b[count + 1] = b[count + 2] = b[count + 3] = (byte) 0xff;   // 4294967295 samples
        var e = assertThrows(XdfFormatException.class, () -> XdfReader.read(file(b)));
        assertTrue(e.getMessage().contains("declares 4294967295 samples"), e.getMessage());
    }

    @Test
    void sampleCountThatWouldOverflowIsRefused() throws IOException {
        String xml = "<info><name>wide</name><channel_count>384</channel_count><channel_format>double64</channel_format>"
                + "<nominal_srate>30000</nominal_srate></info>";
        // 2^62 samples x (1 + 384 x 8) bytes overflows a long: the check must not wrap around.
        byte[] b = Bytes.xdf().chunk(4, 2, 1, Bytes.utf8(xml))
                .chunk(4, 3, 1, new Bytes().varlen(8, 1L << 62).u8(0).raw(new byte[384 * 8]).bytes()).bytes();
        var e = assertThrows(XdfFormatException.class, () -> XdfReader.read(b, "wide.xdf", XdfReadOptions.defaults()));
        assertTrue(e.getMessage().contains("declares 4611686018427387904 samples but its 3073 bytes hold at most 1"),
                e.getMessage());
    }

    @Test
    void hugeChunkLengthInAGzipFileIsATruncationNotAnAllocation() throws IOException {
        byte[] b = Bytes.xdf().raw(Arrays.copyOfRange(good, 4, (int) chunkStarts[2]))
                .varlen(8, Long.MAX_VALUE / 2).u16(3).u32(1).raw(new byte[100]).bytes();
        Path gz = dir.resolve("big.xdf.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(b);
        }
        var e = assertThrows(XdfFormatException.class, () -> XdfReader.read(gz));
        assertTrue(e.getMessage().contains("larger than this reader accepts"), e.getMessage());
        Path plain = file(b);
        XdfFile f = XdfReader.read(plain);
        assertTrue(f.truncated());
        assertEquals(chunkStarts[2], f.stop().offset());
        assertTrue(f.stop().reason().contains("only 106 remain"), f.stop().reason());
    }

    @Test
    void recoverSkipsACorruptChunkAndResumesAfterTheNextBoundary() throws IOException {
        int at = samplesChunkOf(1);
        byte[] b = good.clone();
        b[at + 5 + 2 + 4 + 5] = 3;
        XdfFile f = XdfReader.read(file(b), XdfReadOptions.defaults().withRecover(true));
        assertTrue(f.problems().getFirst().contains("timestamp width 3"), f.problems().toString());
        assertTrue(f.problems().stream().anyMatch(p -> p.contains("stream 'eeg' (id 1): 29 samples in the file, but its"
                + " footer counts 60 (31 missing)")), "what the skip lost is counted: " + f.problems());
        int read = f.stream("eeg").samples();
        assertTrue(read > 0 && read < 60, "samples after the boundary are read: " + read);
        assertEquals(59.0, f.stream("eeg").value(read - 1, 0), "the last sample survives");
    }

    @Test
    void samplesBeforeTheirHeaderAndDuplicateHeadersAreErrors() throws IOException {
        byte[] noHeader = Bytes.xdf().chunk(1, 3, 9, new Bytes().varlen(1, 0).bytes()).bytes();
        var e = assertThrows(XdfFormatException.class, () -> XdfReader.read(file(noHeader)));
        assertTrue(e.getMessage().contains("before its StreamHeader"), e.getMessage());
        String xml = "<info><name>a</name><channel_count>1</channel_count><channel_format>int8</channel_format>"
                + "<nominal_srate>0</nominal_srate></info>";
        byte[] twice = Bytes.xdf().chunk(4, 2, 1, Bytes.utf8(xml)).chunk(4, 2, 1, Bytes.utf8(xml)).bytes();
        e = assertThrows(XdfFormatException.class, () -> XdfReader.read(file(twice)));
        assertTrue(e.getMessage().contains("a second header for stream 1"), e.getMessage());
        byte[] badFormat = Bytes.xdf().chunk(4, 2, 1, Bytes.utf8(xml.replace("int8", "int12"))).bytes();
        e = assertThrows(XdfFormatException.class, () -> XdfReader.read(file(badFormat)));
        assertTrue(e.getMessage().contains("StreamHeader chunk of stream 1: stream 'a': <channel_format> 'int12'"), e.getMessage());
    }

    @Test
    void notAnXdfFile() throws IOException {
        var e = assertThrows(XdfFormatException.class, () -> XdfReader.read(file(Bytes.utf8("PK\3\4 not xdf"))));
        assertTrue(e.getMessage().contains("not an XDF file"), e.getMessage());
    }

    private int samplesChunkOf(int streamId) throws IOException {
        try (XdfChunkReader r = XdfChunkReader.open(file(good))) {
            for (XdfChunk c = r.next(); c != null; c = r.next()) {
                if (c instanceof XdfChunk.Samples s && s.streamId() == streamId) {
                    assertEquals(4, good[(int) s.offset()], "4-byte chunk length expected");
                    return (int) s.offset();
                }
            }
        }
        throw new AssertionError("no samples chunk");
    }
}
