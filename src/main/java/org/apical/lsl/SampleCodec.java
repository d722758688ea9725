package org.apical.lsl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfoXml;

/**
 * Protocol-110 sample encoding (tag byte 1 = deduced / 2 = timestamp follows; values packed in the negotiated byte
 * order; strings as width byte + length + raw bytes) and the conversions between the ring's little-endian slots
 * and callers' primitive arrays. Nothing here allocates for numeric formats.
 */
final class SampleCodec {
    static final byte TAG_DEDUCED = 1;
    static final byte TAG_TIMESTAMP = 2;
    /** Largest single string value accepted from the network. */
    static final int MAX_STRING_BYTES = 16 << 20;

    private SampleCodec() {}

    // ------------------------------------------------------------------ encoding (outlet → wire)

    /** Bytes one numeric sample needs on the wire at most (tag + timestamp + values). */
    static int maxNumericWireBytes(SampleRing ring) { return 9 + ring.sampleBytes; }

    /** Writes tag, timestamp and numeric values of one ring slot (the writer has room: caller called ensure). */
    static void encodeNumeric(SampleRing ring, int slot, WireWriter w) {
        ByteBuffer bb = w.bb;
        byte tag = ring.tags[slot];
        bb.put(tag);
        if (tag == TAG_TIMESTAMP) bb.putDouble(ring.stamps[slot]);
        int n = ring.sampleBytes;
        int off = slot * n;
        if (bb.order() == ByteOrder.LITTLE_ENDIAN || ring.format.valueSize() == 1) {
            bb.put(ring.values, off, n);
            return;
        }
        ByteBuffer le = ring.le;
        int ch = ring.channels;
        switch (ring.format) {
            case FLOAT32, INT32 -> { for (int k = 0; k < ch; k++) bb.putInt(le.getInt(off + 4 * k)); }
            case DOUBLE64, INT64 -> { for (int k = 0; k < ch; k++) bb.putLong(le.getLong(off + 8 * k)); }
            case INT16 -> { for (int k = 0; k < ch; k++) bb.putShort(le.getShort(off + 2 * k)); }
            default -> throw new IllegalStateException("not numeric: " + ring.format);
        }
    }

    /** Writes one string sample (tag, timestamp, per value: width byte, length, bytes). */
    static void encodeStrings(byte tag, double stamp, String[] values, int channels, WireWriter w) throws IOException {
        w.ensure(9);
        w.bb.put(tag);
        if (tag == TAG_TIMESTAMP) w.bb.putDouble(stamp);
        for (int k = 0; k < channels; k++) {
            String s = values[k] == null ? "" : values[k];
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            w.ensure(9);
            if (b.length <= 0xFF) {
                w.bb.put((byte) 1).put((byte) b.length);
            } else {
                w.bb.put((byte) 4).putInt(b.length);
            }
            w.putBytes(b, 0, b.length);
        }
    }

    /** Writes one numeric value (test patterns). */
    static void putValue(ByteBuffer bb, ChannelFormat f, long v) {
        switch (f) {
            case FLOAT32 -> bb.putFloat((float) v);
            case DOUBLE64 -> bb.putDouble((double) v);
            case INT32 -> bb.putInt((int) v);
            case INT16 -> bb.putShort((short) v);
            case INT8 -> bb.put((byte) v);
            case INT64 -> bb.putLong(v);
            case STRING -> throw new IllegalArgumentException("string is not numeric");
        }
    }

    // ------------------------------------------------------------------ decoding (wire → ring)

    static byte readTag(WireReader r) throws IOException, LslProtocolException {
        r.require(1);
        byte tag = r.bb.get();
        if (tag != TAG_DEDUCED && tag != TAG_TIMESTAMP) {
            throw new LslProtocolException("sample tag byte " + (tag & 0xFF) + " (expected 1 or 2)");
        }
        return tag;
    }

    static double readStamp(WireReader r) throws IOException {
        r.require(8);
        return r.bb.getDouble();
    }

    /** Reads channels numeric values into a little-endian slot at {@code off}. */
    static void readNumeric(WireReader r, ChannelFormat f, int channels, ByteBuffer dstLe, int off) throws IOException {
        int n = channels * f.valueSize();
        r.require(n);
        ByteBuffer bb = r.bb;
        if (bb.order() == ByteOrder.LITTLE_ENDIAN || f.valueSize() == 1) {
            bb.get(bb.position(), dstLe.array(), off, n);
            bb.position(bb.position() + n);
            return;
        }
        switch (f) {
            case FLOAT32, INT32 -> { for (int k = 0; k < channels; k++) dstLe.putInt(off + 4 * k, bb.getInt()); }
            case DOUBLE64, INT64 -> { for (int k = 0; k < channels; k++) dstLe.putLong(off + 8 * k, bb.getLong()); }
            case INT16 -> { for (int k = 0; k < channels; k++) dstLe.putShort(off + 2 * k, bb.getShort()); }
            default -> throw new IllegalStateException("not numeric: " + f);
        }
    }

    static void readStrings(WireReader r, int channels, String[] dst, int maxStringBytes)
            throws IOException, LslProtocolException {
        for (int k = 0; k < channels; k++) {
            r.require(1);
            int width = r.bb.get() & 0xFF;
            long len;
            switch (width) {
                case 1 -> { r.require(1); len = r.bb.get() & 0xFF; }
                case 2 -> { r.require(2); len = r.bb.getShort() & 0xFFFF; }
                case 4 -> { r.require(4); len = r.bb.getInt() & 0xFFFFFFFFL; }
                case 8 -> { r.require(8); len = r.bb.getLong(); }
                default -> throw new LslProtocolException("string length width " + width + " (expected 1, 2, 4 or 8)");
            }
            if (len < 0 || len > maxStringBytes) {
                throw new LslProtocolException("string value of " + len + " bytes (limit " + maxStringBytes + ")");
            }
            byte[] b = new byte[(int) len];
            r.readFully(b, 0, b.length);
            dst[k] = new String(b, StandardCharsets.UTF_8);
        }
    }

    /**
     * Decodes one sample from the wire into the next ring slot and publishes it; returns the raw timestamp
     * (deduced ones = {@code previous + step}). {@code process} maps it to the stored (post-processed) stamp. The
     * slot's arrival time is when the sample's bytes were all read from the socket.
     */
    static double readSample(WireReader r, SampleRing ring, String[] scratch, double previous, double step,
                             java.util.function.DoubleUnaryOperator process) throws IOException, LslProtocolException {
        byte tag = readTag(r);
        double ts = tag == TAG_TIMESTAMP ? readStamp(r) : previous + step;
        if (ring.format == ChannelFormat.STRING) {
            readStrings(r, ring.channels, scratch, MAX_STRING_BYTES);
            long arrival = System.nanoTime();
            int slot = ring.beginWrite();
            System.arraycopy(scratch, 0, ring.strings[slot], 0, ring.channels);
            ring.endWrite(slot, process.applyAsDouble(ts), tag, arrival);
        } else {
            r.require(ring.sampleBytes); // the whole sample is buffered before the slot is claimed
            long arrival = System.nanoTime(); // its last byte is off the socket: the sample has arrived
            int slot = ring.beginWrite();
            readNumeric(r, ring.format, ring.channels, ring.le, slot * ring.sampleBytes);
            ring.endWrite(slot, process.applyAsDouble(ts), tag, arrival);
        }
        return ts;
    }

    // ------------------------------------------------------------------ test patterns

    /** liblsl's test-pattern value for channel k and offset o (numeric formats); sign alternates by channel. */
    static long testValue(ChannelFormat f, int k, int o) {
        long v = switch (f) {
            case FLOAT32 -> k + o;
            case DOUBLE64 -> k + o + 16777217L;
            case INT32 -> (k + o + 65537L) % 2147483647L;
            case INT16 -> (k + o + 257L) % 32767L;
            case INT8 -> (k + o + 1L) % 127L;
            case INT64 -> k + o + 2147483649L;
            case STRING -> throw new IllegalArgumentException("string");
        };
        return (k % 2 == 0) ? v : -v;
    }

    static String testString(int k) { return Integer.toString((k % 2 == 0) ? k + 10 : -(k + 10)); }

    static final double TEST_STAMP = 123456.789;

    static void writeTestPattern(WireWriter w, ChannelFormat f, int channels, int offset) throws IOException {
        if (f == ChannelFormat.STRING) {
            String[] s = new String[channels];
            for (int k = 0; k < channels; k++) s[k] = testString(k);
            encodeStrings(TAG_TIMESTAMP, TEST_STAMP, s, channels, w);
            return;
        }
        w.ensure(9 + channels * f.valueSize());
        w.bb.put(TAG_TIMESTAMP).putDouble(TEST_STAMP);
        for (int k = 0; k < channels; k++) putValue(w.bb, f, testValue(f, k, offset));
    }

    /** Reads one test-pattern sample and checks it bit-exactly; a mismatch names the first bad channel. */
    static void readTestPattern(WireReader r, ChannelFormat f, int channels, int offset, ByteBuffer scratchLe,
                                String[] scratchStrings) throws IOException, LslProtocolException {
        byte tag = readTag(r);
        if (tag != TAG_TIMESTAMP) throw new LslProtocolException("test-pattern sample without timestamp");
        double ts = readStamp(r);
        if (ts != TEST_STAMP) throw new LslProtocolException("test-pattern timestamp " + ts + " != " + TEST_STAMP);
        if (f == ChannelFormat.STRING) {
            readStrings(r, channels, scratchStrings, MAX_STRING_BYTES);
            for (int k = 0; k < channels; k++) {
                if (!testString(k).equals(scratchStrings[k])) {
                    throw new LslProtocolException("test-pattern channel " + k + " is '"
                            + StreamInfoXml.clip(scratchStrings[k]) + "', expected '" + testString(k) + "'");
                }
            }
            return;
        }
        readNumeric(r, f, channels, scratchLe, 0);
        for (int k = 0; k < channels; k++) {
            long expected = testValue(f, k, offset);
            long got = switch (f) {
                case FLOAT32 -> (long) scratchLe.getFloat(4 * k);
                case DOUBLE64 -> (long) scratchLe.getDouble(8 * k);
                case INT32 -> scratchLe.getInt(4 * k);
                case INT16 -> scratchLe.getShort(2 * k);
                case INT8 -> scratchLe.get(k);
                case INT64 -> scratchLe.getLong(8 * k);
                case STRING -> throw new IllegalStateException();
            };
            if (got != expected) {
                throw new LslProtocolException("test-pattern (offset " + offset + ") channel " + k + " is " + got
                        + ", expected " + expected);
            }
        }
    }

    // ------------------------------------------------------------------ caller arrays ↔ ring slot

    static void fromDoubles(double[] src, ByteBuffer le, int off, ChannelFormat f, int n) {
        switch (f) {
            case FLOAT32 -> { for (int k = 0; k < n; k++) le.putFloat(off + 4 * k, (float) src[k]); }
            case DOUBLE64 -> { for (int k = 0; k < n; k++) le.putDouble(off + 8 * k, src[k]); }
            case INT32 -> { for (int k = 0; k < n; k++) le.putInt(off + 4 * k, (int) Math.rint(src[k])); }
            case INT16 -> { for (int k = 0; k < n; k++) le.putShort(off + 2 * k, (short) Math.rint(src[k])); }
            case INT8 -> { for (int k = 0; k < n; k++) le.put(off + k, (byte) Math.rint(src[k])); }
            case INT64 -> { for (int k = 0; k < n; k++) le.putLong(off + 8 * k, (long) Math.rint(src[k])); }
            case STRING -> throw new IllegalArgumentException("numeric values pushed into a string stream");
        }
    }

    static void fromFloats(float[] src, ByteBuffer le, int off, ChannelFormat f, int n) {
        if (f == ChannelFormat.FLOAT32) {
            for (int k = 0; k < n; k++) le.putFloat(off + 4 * k, src[k]);
            return;
        }
        switch (f) {
            case DOUBLE64 -> { for (int k = 0; k < n; k++) le.putDouble(off + 8 * k, src[k]); }
            case INT32 -> { for (int k = 0; k < n; k++) le.putInt(off + 4 * k, (int) Math.rint(src[k])); }
            case INT16 -> { for (int k = 0; k < n; k++) le.putShort(off + 2 * k, (short) Math.rint(src[k])); }
            case INT8 -> { for (int k = 0; k < n; k++) le.put(off + k, (byte) Math.rint(src[k])); }
            case INT64 -> { for (int k = 0; k < n; k++) le.putLong(off + 8 * k, (long) Math.rint(src[k])); }
            default -> throw new IllegalArgumentException("numeric values pushed into a string stream");
        }
    }

    static void fromLongs(long[] src, ByteBuffer le, int off, ChannelFormat f, int n) {
        switch (f) {
            case FLOAT32 -> { for (int k = 0; k < n; k++) le.putFloat(off + 4 * k, src[k]); }
            case DOUBLE64 -> { for (int k = 0; k < n; k++) le.putDouble(off + 8 * k, src[k]); }
            case INT32 -> { for (int k = 0; k < n; k++) le.putInt(off + 4 * k, (int) src[k]); }
            case INT16 -> { for (int k = 0; k < n; k++) le.putShort(off + 2 * k, (short) src[k]); }
            case INT8 -> { for (int k = 0; k < n; k++) le.put(off + k, (byte) src[k]); }
            case INT64 -> { for (int k = 0; k < n; k++) le.putLong(off + 8 * k, src[k]); }
            case STRING -> throw new IllegalArgumentException("numeric values pushed into a string stream");
        }
    }

    static void fromInts(int[] src, ByteBuffer le, int off, ChannelFormat f, int n) {
        switch (f) {
            case FLOAT32 -> { for (int k = 0; k < n; k++) le.putFloat(off + 4 * k, src[k]); }
            case DOUBLE64 -> { for (int k = 0; k < n; k++) le.putDouble(off + 8 * k, src[k]); }
            case INT32 -> { for (int k = 0; k < n; k++) le.putInt(off + 4 * k, src[k]); }
            case INT16 -> { for (int k = 0; k < n; k++) le.putShort(off + 2 * k, (short) src[k]); }
            case INT8 -> { for (int k = 0; k < n; k++) le.put(off + k, (byte) src[k]); }
            case INT64 -> { for (int k = 0; k < n; k++) le.putLong(off + 8 * k, src[k]); }
            case STRING -> throw new IllegalArgumentException("numeric values pushed into a string stream");
        }
    }

    static void fromShorts(short[] src, ByteBuffer le, int off, ChannelFormat f, int n) {
        switch (f) {
            case FLOAT32 -> { for (int k = 0; k < n; k++) le.putFloat(off + 4 * k, src[k]); }
            case DOUBLE64 -> { for (int k = 0; k < n; k++) le.putDouble(off + 8 * k, src[k]); }
            case INT32 -> { for (int k = 0; k < n; k++) le.putInt(off + 4 * k, src[k]); }
            case INT16 -> { for (int k = 0; k < n; k++) le.putShort(off + 2 * k, src[k]); }
            case INT8 -> { for (int k = 0; k < n; k++) le.put(off + k, (byte) src[k]); }
            case INT64 -> { for (int k = 0; k < n; k++) le.putLong(off + 8 * k, src[k]); }
            case STRING -> throw new IllegalArgumentException("numeric values pushed into a string stream");
        }
    }

    static void fromBytes(byte[] src, ByteBuffer le, int off, ChannelFormat f, int n) {
        switch (f) {
            case FLOAT32 -> { for (int k = 0; k < n; k++) le.putFloat(off + 4 * k, src[k]); }
            case DOUBLE64 -> { for (int k = 0; k < n; k++) le.putDouble(off + 8 * k, src[k]); }
            case INT32 -> { for (int k = 0; k < n; k++) le.putInt(off + 4 * k, src[k]); }
            case INT16 -> { for (int k = 0; k < n; k++) le.putShort(off + 2 * k, src[k]); }
            case INT8 -> { for (int k = 0; k < n; k++) le.put(off + k, src[k]); }
            case INT64 -> { for (int k = 0; k < n; k++) le.putLong(off + 8 * k, src[k]); }
            case STRING -> throw new IllegalArgumentException("numeric values pushed into a string stream");
        }
    }

    static void toDoubles(ByteBuffer le, int off, ChannelFormat f, int n, double[] dst, int dstOff) {
        switch (f) {
            case FLOAT32 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.getFloat(off + 4 * k); }
            case DOUBLE64 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.getDouble(off + 8 * k); }
            case INT32 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.getInt(off + 4 * k); }
            case INT16 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.getShort(off + 2 * k); }
            case INT8 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.get(off + k); }
            case INT64 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.getLong(off + 8 * k); }
            case STRING -> throw new IllegalArgumentException("string stream pulled as numbers");
        }
    }

    static void toFloats(ByteBuffer le, int off, ChannelFormat f, int n, float[] dst, int dstOff) {
        switch (f) {
            case FLOAT32 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.getFloat(off + 4 * k); }
            case DOUBLE64 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = (float) le.getDouble(off + 8 * k); }
            case INT32 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.getInt(off + 4 * k); }
            case INT16 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.getShort(off + 2 * k); }
            case INT8 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.get(off + k); }
            case INT64 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.getLong(off + 8 * k); }
            case STRING -> throw new IllegalArgumentException("string stream pulled as numbers");
        }
    }

    static void toLongs(ByteBuffer le, int off, ChannelFormat f, int n, long[] dst, int dstOff) {
        switch (f) {
            case FLOAT32 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = Math.round(le.getFloat(off + 4 * k)); }
            case DOUBLE64 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = Math.round(le.getDouble(off + 8 * k)); }
            case INT32 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.getInt(off + 4 * k); }
            case INT16 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.getShort(off + 2 * k); }
            case INT8 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.get(off + k); }
            case INT64 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.getLong(off + 8 * k); }
            case STRING -> throw new IllegalArgumentException("string stream pulled as numbers");
        }
    }

    static void toInts(ByteBuffer le, int off, ChannelFormat f, int n, int[] dst, int dstOff) {
        switch (f) {
            case FLOAT32 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = Math.round(le.getFloat(off + 4 * k)); }
            case DOUBLE64 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = (int) Math.round(le.getDouble(off + 8 * k)); }
            case INT32 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.getInt(off + 4 * k); }
            case INT16 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.getShort(off + 2 * k); }
            case INT8 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = le.get(off + k); }
            case INT64 -> { for (int k = 0; k < n; k++) dst[dstOff + k] = (int) le.getLong(off + 8 * k); }
            case STRING -> throw new IllegalArgumentException("string stream pulled as numbers");
        }
    }

    static void toShorts(ByteBuffer le, int off, ChannelFormat f, int n, short[] dst, int dstOff) {
        for (int k = 0; k < n; k++) dst[dstOff + k] = (short) longAt(le, off, f, k);
    }

    static void toBytes(ByteBuffer le, int off, ChannelFormat f, int n, byte[] dst, int dstOff) {
        for (int k = 0; k < n; k++) dst[dstOff + k] = (byte) longAt(le, off, f, k);
    }

    static long longAt(ByteBuffer le, int off, ChannelFormat f, int k) {
        return switch (f) {
            case FLOAT32 -> Math.round(le.getFloat(off + 4 * k));
            case DOUBLE64 -> Math.round(le.getDouble(off + 8 * k));
            case INT32 -> le.getInt(off + 4 * k);
            case INT16 -> le.getShort(off + 2 * k);
            case INT8 -> le.get(off + k);
            case INT64 -> le.getLong(off + 8 * k);
            case STRING -> throw new IllegalArgumentException("string stream pulled as numbers");
        };
    }
}
