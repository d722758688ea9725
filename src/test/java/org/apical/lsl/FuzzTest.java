package org.apical.lsl;

import org.apical.stream.ChannelFormat;
import org.apical.stream.InfoXmlException;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;
import org.apical.stream.StreamInfoXmlTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random-mutation fuzzing of everything that parses network bytes: the info XML parser, the streamfeed request
 * and response handshakes, and the sample decoder. Every input must either parse or be rejected with a protocol
 * error (or end of stream) — never another exception, never unbounded allocation. The seed of a failing input is
 * in the message; seeds that once found bugs are kept in {@link #REGRESSION_SEEDS} and run first.
 */
public class FuzzTest {
    static final int ITERATIONS = Integer.getInteger("apical.fuzz.iterations", 4000);
    /** Seeds that found bugs while this parser was written (kept as regression cases). */
    static final long[] REGRESSION_SEEDS = {};

    static final String[] TOKENS = {"<", ">", "</", "/>", "&", "&amp;", "&#0;", "&#xFFFF;", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
            "<![CDATA[", "]]>", "\"", "'", "\u0000", "\r\n", "\n", "<desc>", "</desc>", "<channel_count>", "-1", "99999999999",
            "NaN", "1e400", "<?xml version=\"1.0\"?>", "\uFFFF", "é", ";", ":", " ", "\t", "LSL/110", "200", "0", "4321"};

    static byte[] mutate(byte[] base, SplittableRandom rnd) { return mutate(base, rnd, TOKENS); }

    /** One to eight random edits of {@code base} (flip, delete, insert one of {@code tokens}, duplicate, cut, junk). */
    public static byte[] mutate(byte[] base, SplittableRandom rnd, String[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(base);
        byte[] b = out.toByteArray();
        int rounds = 1 + rnd.nextInt(8);
        for (int r = 0; r < rounds; r++) {
            if (b.length == 0) b = new byte[]{(byte) rnd.nextInt(256)};
            int pos = rnd.nextInt(b.length);
            switch (rnd.nextInt(6)) {
                case 0 -> b[pos] = (byte) rnd.nextInt(256);                 // flip a byte
                case 1 -> b = splice(b, pos, pos + Math.min(b.length - pos, 1 + rnd.nextInt(16)), new byte[0]); // delete
                case 2 -> b = splice(b, pos, pos, tokens[rnd.nextInt(tokens.length)].getBytes(StandardCharsets.UTF_8));
                case 3 -> {                                                  // duplicate a slice
                    int len = Math.min(b.length - pos, 1 + rnd.nextInt(64));
                    byte[] slice = java.util.Arrays.copyOfRange(b, pos, pos + len);
                    b = splice(b, pos, pos, slice);
                }
                case 4 -> b = java.util.Arrays.copyOf(b, pos);               // truncate
                default -> {                                                 // random bytes
                    byte[] junk = new byte[1 + rnd.nextInt(8)];
                    rnd.nextBytes(junk);
                    b = splice(b, pos, pos, junk);
                }
            }
        }
        return b;
    }

    static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }

    static List<Long> seeds(long base) {
        List<Long> s = new ArrayList<>();
        for (long r : REGRESSION_SEEDS) s.add(r);
        for (int i = 0; i < ITERATIONS; i++) s.add(base * 1_000_003L + i);
        return s;
    }

    @Test
    void infoXmlParserRejectsMutationsCleanly() {
        byte[] base = StreamInfoXml.full(StreamInfoXmlTest.sample()).getBytes(StandardCharsets.UTF_8);
        int parsed = 0;
        for (long seed : seeds(1)) {
            byte[] in = mutate(base, new SplittableRandom(seed));
            try {
                StreamInfo i = StreamInfoXml.parse(new String(in, StandardCharsets.UTF_8));
                assertFalse(i.name().isEmpty());
                assertTrue(i.channelCount() >= 0 && i.channelCount() <= StreamInfo.MAX_CHANNELS);
                parsed++;
            } catch (InfoXmlException expected) {
                assertNotNull(expected.getMessage());
            } catch (Throwable t) {
                fail("info XML seed " + seed + " threw " + t, t);
            }
        }
        assertTrue(parsed > 0 && parsed < ITERATIONS, "the mutations reach both outcomes (" + parsed + " parsed)");
    }

    @Test
    void handshakeParsersRejectMutationsCleanly() {
        byte[] request = ("LSL:streamfeed/110 0b9a4c2e-0000-4000-8000-000000000001\r\nNative-Byte-Order: 1234\r\n"
                + "Endian-Performance: 1.5e7\r\nHas-IEEE754-Floats: 1\r\nSupports-Subnormals: 1 ; comment\r\nValue-Size: 4\r\n"
                + "Data-Protocol-Version: 110\r\nMax-Buffer-Length: 36000\r\nMax-Chunk-Length: 0\r\nHostname: x\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] response = ("LSL/110 200 OK\r\nUID: abc\r\nByte-Order: 1234\r\nSuppress-Subnormals: 0\r\n"
                + "Data-Protocol-Version: 110\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        int ok = 0;
        for (long seed : seeds(2)) {
            SplittableRandom rnd = new SplittableRandom(seed);
            byte[] req = mutate(request, rnd);
            try {
                LineReader lines = new LineReader(new ByteArrayInputStream(req));
                String cmd = lines.readLine();
                if (cmd != null && cmd.strip().startsWith("LSL:streamfeed/")) {
                    FeedRequest r = FeedRequest.read(cmd.strip(), lines);
                    assertTrue(r.maxBufferLength() >= 0 && r.valueSize() >= 0);
                    ok++;
                }
            } catch (LslProtocolException | EOFException expected) {
                // rejected: fine
            } catch (Throwable t) {
                fail("request seed " + seed + " threw " + t, t);
            }
            byte[] resp = mutate(response, rnd);
            try {
                FeedResponse.read(new LineReader(new ByteArrayInputStream(resp)));
            } catch (LslProtocolException | EOFException expected) {
                // rejected: fine
            } catch (Throwable t) {
                fail("response seed " + seed + " threw " + t, t);
            }
        }
        assertTrue(ok > 0, "some mutated requests still parse");
    }

    static byte[] validStream(ChannelFormat f, int ch) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WireWriter w = new WireWriter(bytes, 4096, ByteOrder.LITTLE_ENDIAN);
        SampleRing ring = new SampleRing(f, ch, 8);
        for (int i = 0; i < 6; i++) {
            int slot = ring.beginWrite();
            if (f == ChannelFormat.STRING) {
                for (int k = 0; k < ch; k++) ring.strings[slot][k] = "v" + i + "x".repeat(k * 100);
                ring.endWrite(slot, i, i % 2 == 0 ? SampleCodec.TAG_TIMESTAMP : SampleCodec.TAG_DEDUCED);
                SampleCodec.encodeStrings(ring.tags[slot], i, ring.strings[slot], ch, w);
            } else {
                for (int k = 0; k < ring.sampleBytes; k++) ring.values[slot * ring.sampleBytes + k] = (byte) (i + k);
                ring.endWrite(slot, i, i % 2 == 0 ? SampleCodec.TAG_TIMESTAMP : SampleCodec.TAG_DEDUCED);
                w.ensure(SampleCodec.maxNumericWireBytes(ring));
                SampleCodec.encodeNumeric(ring, slot, w);
            }
        }
        w.flush();
        return bytes.toByteArray();
    }

    @Test
    void sampleDecoderRejectsMutationsCleanly() throws Exception {
        ChannelFormat[] formats = ChannelFormat.values();
        byte[][] valid = new byte[formats.length][];
        for (ChannelFormat f : formats) valid[f.ordinal()] = validStream(f, 3);
        for (long seed : seeds(3)) {
            SplittableRandom rnd = new SplittableRandom(seed);
            ChannelFormat f = formats[rnd.nextInt(formats.length)];
            byte[] in = mutate(valid[f.ordinal()], rnd);
            SampleRing ring = new SampleRing(f, 3, 16);
            String[] scratch = new String[3];
            WireReader r = new WireReader(new ByteArrayInputStream(in), 1024, rnd.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            double prev = 0;
            try {
                for (int n = 0; n < 1000; n++) prev = SampleCodec.readSample(r, ring, scratch, prev, 0.01, t -> t);
                fail("more samples than bytes allow");
            } catch (LslProtocolException | EOFException expected) {
                // every stream ends here: EOF at the end, or a protocol error on the way
            } catch (Throwable t) {
                fail("sample decoder (" + f + ") seed " + seed + " threw " + t, t);
            }
        }
    }

    @Test
    void hugeDeclaredStringLengthIsRefusedBeforeAllocating() {
        byte[] in = {2, 0, 0, 0, 0, 0, 0, 0, 0, 8, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
        SampleRing ring = new SampleRing(ChannelFormat.STRING, 1, 4);
        WireReader r = new WireReader(new ByteArrayInputStream(in), 64, ByteOrder.LITTLE_ENDIAN);
        LslProtocolException e = assertThrows(LslProtocolException.class,
                () -> SampleCodec.readSample(r, ring, new String[1], 0, 0, t -> t));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
    }
}
