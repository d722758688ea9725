package org.apical.lsl;

import org.apical.stream.ChannelFormat;

/**
 * The documented test pattern of {@code apical lsl send}, so any receiver can check every value: sample i (from 0),
 * channel c holds i + 1000·c for float32, double64, int32 and int64; (i + 1000·c) mod 32000 for int16;
 * (i + 10·c) mod 100 for int8; the decimal text of i + 1000·c for strings. Sample i's timestamp is T0 + i/rate.
 */
public final class VerifyPattern {
    private VerifyPattern() {}

    /** The value of channel c in sample i (numeric formats). */
    public static long value(ChannelFormat f, long i, int c) {
        return switch (f) {
            case INT16 -> Math.floorMod(i + 1000L * c, 32000L);
            case INT8 -> Math.floorMod(i + 10L * c, 100L);
            default -> i + 1000L * c;
        };
    }

    public static String text(long i, int c) { return Long.toString(i + 1000L * c); }

    /** Fills one sample (as doubles) for numeric formats. */
    public static void fill(ChannelFormat f, long i, double[] dst, int channels) {
        for (int c = 0; c < channels; c++) dst[c] = value(f, i, c);
    }

    public static void fill(long i, String[] dst, int channels) {
        for (int c = 0; c < channels; c++) dst[c] = text(i, c);
    }

    /**
     * The sample index a late joiner infers from channel 0 (exact for float64/int32/int64; float32 is exact up to
     * 2^24; int16 and int8 wrap, so the previous index is used to unwrap them). Returns −1 if impossible.
     */
    public static long inferIndex(ChannelFormat f, double channel0, long previous) {
        long v = Math.round(channel0);
        return switch (f) {
            case INT16 -> unwrap(v, previous, 32000);
            case INT8 -> unwrap(v, previous, 100);
            default -> v;
        };
    }

    public static long inferIndex(String channel0) {
        try {
            return Long.parseLong(channel0.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long unwrap(long v, long previous, long period) {
        if (previous < 0) return v;
        long base = previous - Math.floorMod(previous, period);
        long candidate = base + v;
        if (candidate <= previous) candidate += period;
        return candidate;
    }

    /** True if a numeric sample matches the pattern for index i exactly. */
    public static boolean matches(ChannelFormat f, long i, double[] values, int channels) {
        for (int c = 0; c < channels; c++) {
            double expected = f == ChannelFormat.FLOAT32 ? (float) value(f, i, c) : value(f, i, c);
            if (values[c] != expected) return false;
        }
        return true;
    }

    public static boolean matches(long i, String[] values, int channels) {
        for (int c = 0; c < channels; c++) if (!text(i, c).equals(values[c])) return false;
        return true;
    }
}
