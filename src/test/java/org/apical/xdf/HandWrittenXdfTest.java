package org.apical.xdf;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written byte by byte from the format description, then read back. */
class HandWrittenXdfTest {
    @TempDir Path dir;

    private static final String HEADER_XML = "<?xml version=\"1.0\"?><info><version>1.0</version></info>";

    private static String streamXml(String name, int channels, String format, String rate) {
        return "<?xml version=\"1.0\"?>\n<info>\n\t<name>" + name + "</name>\n\t<type>Test</type>\n\t<channel_count>"
                + channels + "</channel_count>\n\t<channel_format>" + format + "</channel_format>\n\t<source_id>src-"
                + name + "</source_id>\n\t<nominal_srate>" + rate + "</nominal_srate>\n\t<desc><channels><channel>"
                + "<label>C1</label></channel></channels></desc>\n</info>";
    }

    private Path write(Bytes b) throws IOException {
        Path p = dir.resolve("hand.xdf");
        Files.write(p, b.bytes());
        return p;
    }

    @Test
    void int16StreamWithDeducedTimestampsEveryLengthWidthAndAllChunkKinds() throws IOException {
        byte[] samples = new Bytes()
                .varlen(4, 3)                                   // NumSamples, width 4 as LabRecorder
                .u8(8).f64(100.0).u16(1).u16(-2)                // explicit timestamp
                .u8(0).u16(300).u16(-32768)                     // deduced: 100.0 + 1/10
                .u8(8).f64(200.5).u16(32767).u16(0)            // explicit again
                .bytes();
        byte[] more = new Bytes().varlen(1, 1).u8(0).u16(7).u16(8).bytes(); // deduced from 200.5, NumSamples width 1
        Bytes b = Bytes.xdf()
                .chunk(1, 1, -1, Bytes.utf8(HEADER_XML))
                .chunk(4, 2, 5, Bytes.utf8(streamXml("eeg", 2, "int16", "10")))
                .chunk(1, 4, 5, new Bytes().f64(99.0).f64(0.25).bytes())
                .chunk(8, 3, 5, samples)                        // 8-byte chunk length
                .chunk(1, 5, -1, XdfFormat.BOUNDARY_UUID)
                .chunk(1, 77, -1, new byte[] {1, 2, 3})         // unknown tag: skipped by length
                .chunk(4, 3, 5, more)
                .chunk(1, 4, 5, new Bytes().f64(199.0).f64(0.25).bytes())
                .chunk(4, 6, 5, Bytes.utf8("<?xml version=\"1.0\"?><info><first_timestamp>100</first_timestamp>"
                        + "<last_timestamp>200.6</last_timestamp><sample_count>4</sample_count><clock_offsets>"
                        + "<offset><time>99</time><value>0.25</value></offset>"
                        + "<offset><time>199</time><value>0.25</value></offset></clock_offsets></info>"));
        XdfFile f = XdfReader.read(write(b), XdfReadOptions.raw());

        assertFalse(f.truncated());
        assertTrue(f.header().contains("<version>1.0</version>"));
        assertEquals(1, f.streams().size());
        XdfStream s = f.stream("eeg");
        assertEquals(5, s.id());
        assertEquals(ChannelFormat.INT16, s.header().channelFormat());
        assertEquals("src-eeg", s.header().sourceId());
        assertEquals("C1", s.header().desc().path("channels", "channel").childText("label"));
        assertArrayEquals(new double[] {100.0, 100.0 + 1.0 / 10, 200.5, 200.5 + 1.0 / 10}, s.rawTimestamps());
        assertArrayEquals(new short[] {1, -2, 300, -32768, 32767, 0, 7, 8}, ((SampleValues.Int16) s.values()).data());
        assertArrayEquals(new double[] {99.0, 199.0}, s.clockTimes());
        assertEquals(4, s.footer().sampleCount());
        assertEquals(2, f.problems().size(), f.problems().toString());
        assertTrue(f.problems().getFirst().contains("unknown tag 77"), "the unknown chunk is noted");
        assertTrue(f.problems().get(1).contains("stream 'eeg' (id 5): 1003 samples missing by its nominal rate (10 Hz)"
                + " in 1 hole"), "100.1 s to 200.5 s at 10 Hz is a hole: " + f.problems());

        XdfFile synced = XdfReader.read(write(b));
        assertEquals(100.25, synced.stream("eeg").timestamps()[0], 1e-12, "constant offset 0.25 added");
    }

    @Test
    void stringStreamWithEveryStringLengthWidthAndUtf8() throws IOException {
        byte[] ae = Bytes.utf8("ä€");
        byte[] samples = new Bytes().varlen(4, 3)
                .u8(8).f64(5.0).varlen(1, 5).ascii("hello").varlen(4, 0)
                .u8(8).f64(6.5).varlen(4, ae.length).raw(ae).varlen(8, 1).ascii("x")
                .u8(0).varlen(1, 0).varlen(1, 2).ascii("ok")    // irregular: deduced = previous
                .bytes();
        Bytes b = Bytes.xdf().chunk(1, 1, -1, Bytes.utf8(HEADER_XML))
                .chunk(4, 2, 1, Bytes.utf8(streamXml("markers", 2, "string", "0")))
                .chunk(4, 3, 1, samples);
        XdfStream s = XdfReader.read(write(b)).stream("markers");
        assertArrayEquals(new double[] {5.0, 6.5, 6.5}, s.rawTimestamps());
        assertEquals("hello", s.string(0, 0));
        assertEquals("", s.string(0, 1));
        assertEquals("ä€", s.string(1, 0));
        assertEquals("x", s.string(1, 1));
        assertEquals("", s.string(2, 0));
        assertEquals("ok", s.string(2, 1));
    }

    @Test
    void everyNumericFormatDecodesLittleEndianValues() throws IOException {
        Bytes b = Bytes.xdf().chunk(1, 1, -1, Bytes.utf8(HEADER_XML));
        String[] formats = {"float32", "double64", "int32", "int8", "int64"};
        for (int i = 0; i < formats.length; i++) b.chunk(4, 2, i + 1, Bytes.utf8(streamXml("s" + i, 1, formats[i], "0")));
        b.chunk(4, 3, 1, new Bytes().varlen(1, 1).u8(8).f64(1).f32(-1.5f).bytes());
        b.chunk(4, 3, 2, new Bytes().varlen(1, 1).u8(8).f64(1).f64(Math.PI).bytes());
        b.chunk(4, 3, 3, new Bytes().varlen(1, 1).u8(8).f64(1).u32(-123456789L).bytes());
        b.chunk(4, 3, 4, new Bytes().varlen(1, 1).u8(8).f64(1).u8(-7).bytes());
        b.chunk(4, 3, 5, new Bytes().varlen(1, 1).u8(8).f64(1).u64(Long.MIN_VALUE + 3).bytes());
        XdfFile f = XdfReader.read(write(b));
        assertEquals(-1.5f, ((SampleValues.Float32) f.stream("s0").values()).data()[0]);
        assertEquals(Math.PI, ((SampleValues.Double64) f.stream("s1").values()).data()[0]);
        assertEquals(-123456789, ((SampleValues.Int32) f.stream("s2").values()).data()[0]);
        assertEquals(-7, ((SampleValues.Int8) f.stream("s3").values()).data()[0]);
        assertEquals(Long.MIN_VALUE + 3, ((SampleValues.Int64) f.stream("s4").values()).data()[0]);
    }

    @Test
    void writerProducesLabRecordersObservedSamplesChunkBytes() throws IOException {
        // lsl-protocol.md 9.3: 01 34 03 00 01 00 00 00 04 01 00 00 00 08 <ts> <8 floats>
        Path p = dir.resolve("w.xdf");
        float[] v = {1, 2, 3, 4, 5, 6, 7, 8};
        try (XdfWriter w = XdfWriter.create(p, XdfWriterOptions.defaults().withFsync(false))) {
            int id = w.addStream(StreamInfo.recorded("eeg", "EEG", 8, 100, ChannelFormat.FLOAT32, "x"), StreamClock.REMOTE);
            assertEquals(1, id);
            w.appendFloats(id, 1234.5, v);
        }
        Bytes expected = new Bytes().u8(1).u8(0x34).u16(3).u32(1).u8(4).u32(1).u8(8).f64(1234.5);
        for (float x : v) expected.f32(x);
        byte[] file = Files.readAllBytes(p);
        assertTrue(indexOf(file, expected.bytes()) > 0, "the Samples chunk appears byte for byte");
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void fileWithoutFileHeaderIsReadWithAProblemNoted() throws IOException {
        Bytes b = Bytes.xdf().chunk(4, 2, 1, Bytes.utf8(streamXml("a", 1, "int8", "0")));
        XdfFile f = XdfReader.read(write(b));
        assertNull(f.header());
        assertEquals(1, f.streams().size());
        assertTrue(f.problems().stream().anyMatch(p -> p.contains("not a FileHeader")), f.problems().toString());
        assertEquals(0, f.stream("a").samples());
        assertEquals(0, ((SampleValues.Int8) f.stream("a").values()).data().length);
        assertTrue(Arrays.equals(new double[0], f.stream("a").timestamps()));
    }
}
