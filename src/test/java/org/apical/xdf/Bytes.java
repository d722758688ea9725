package org.apical.xdf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds XDF bytes by hand in tests, straight from the format description (lsl-protocol.md section 9), so the
 * reader is checked against the specification and not against Apical's own writer.
 */
final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes u8(int v) { out.write(v & 0xff); return this; }

    Bytes u16(int v) { return u8(v).u8(v >>> 8); }

    Bytes u32(long v) { for (int i = 0; i < 4; i++) u8((int) (v >>> (8 * i))); return this; }

    Bytes u64(long v) { for (int i = 0; i < 8; i++) u8((int) (v >>> (8 * i))); return this; }

    Bytes f64(double v) { return u64(Double.doubleToRawLongBits(v)); }

    Bytes f32(float v) { return u32(Float.floatToRawIntBits(v) & 0xffffffffL); }

    Bytes raw(byte[] b) { out.write(b, 0, b.length); return this; }

    Bytes ascii(String s) { return raw(s.getBytes(StandardCharsets.UTF_8)); }

    /** A variable-length integer of the given width (1, 4 or 8). */
    Bytes varlen(int width, long v) {
        u8(width);
        return switch (width) {
            case 1 -> u8((int) v);
            case 4 -> u32(v);
            case 8 -> u64(v);
            default -> throw new IllegalArgumentException("width " + width);
        };
    }

    /** A whole chunk: length (given width) = 2 + (4 if stream id) + content, tag, optional stream id, content. */
    Bytes chunk(int lengthWidth, int tag, long streamId, byte[] content) {
        long len = 2 + (streamId >= 0 ? 4 : 0) + content.length;
        varlen(lengthWidth, len).u16(tag);
        if (streamId >= 0) u32(streamId);
        return raw(content);
    }

    int size() { return out.size(); }

    byte[] bytes() { return out.toByteArray(); }

    static Bytes xdf() { return new Bytes().ascii("XDF:"); }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
