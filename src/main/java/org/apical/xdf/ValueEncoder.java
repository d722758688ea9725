package org.apical.xdf;

import java.nio.ByteBuffer;
import org.apical.stream.ChannelFormat;

/**
 * Encodes numeric channel values into a little-endian buffer in a stream's format, converting with Java's casts.
 * One switch per sample, a tight loop per format.
 */
final class ValueEncoder {
    private ValueEncoder() {}

    static void putDoubles(ByteBuffer p, ChannelFormat f, double[] v, int from, int n) {
        int end = from + n;
        switch (f) {
            case FLOAT32 -> { for (int i = from; i < end; i++) p.putFloat((float) v[i]); }
            case DOUBLE64 -> { for (int i = from; i < end; i++) p.putDouble(v[i]); }
            case INT32 -> { for (int i = from; i < end; i++) p.putInt((int) v[i]); }
            case INT16 -> { for (int i = from; i < end; i++) p.putShort((short) v[i]); }
            case INT8 -> { for (int i = from; i < end; i++) p.put((byte) v[i]); }
            case INT64 -> { for (int i = from; i < end; i++) p.putLong((long) v[i]); }
            case STRING -> throw new IllegalArgumentException("string stream has no numeric values");
        }
    }

    static void putFloats(ByteBuffer p, ChannelFormat f, float[] v, int from, int n) {
        int end = from + n;
        switch (f) {
            case FLOAT32 -> { for (int i = from; i < end; i++) p.putFloat(v[i]); }
            case DOUBLE64 -> { for (int i = from; i < end; i++) p.putDouble(v[i]); }
            case INT32 -> { for (int i = from; i < end; i++) p.putInt((int) v[i]); }
            case INT16 -> { for (int i = from; i < end; i++) p.putShort((short) v[i]); }
            case INT8 -> { for (int i = from; i < end; i++) p.put((byte) v[i]); }
            case INT64 -> { for (int i = from; i < end; i++) p.putLong((long) v[i]); }
            case STRING -> throw new IllegalArgumentException("string stream has no numeric values");
        }
    }

    static void putLongs(ByteBuffer p, ChannelFormat f, long[] v, int from, int n) {
        int end = from + n;
        switch (f) {
            case FLOAT32 -> { for (int i = from; i < end; i++) p.putFloat(v[i]); }
            case DOUBLE64 -> { for (int i = from; i < end; i++) p.putDouble(v[i]); }
            case INT32 -> { for (int i = from; i < end; i++) p.putInt((int) v[i]); }
            case INT16 -> { for (int i = from; i < end; i++) p.putShort((short) v[i]); }
            case INT8 -> { for (int i = from; i < end; i++) p.put((byte) v[i]); }
            case INT64 -> { for (int i = from; i < end; i++) p.putLong(v[i]); }
            case STRING -> throw new IllegalArgumentException("string stream has no numeric values");
        }
    }
}
