package org.apical.xdf;

import java.util.List;
import org.apical.stream.ChannelFormat;

/**
 * The values of a stream (or of one chunk), in the stream's own format, sample-major: value (s, c) is at index
 * {@code s * channels + c}. Numeric formats keep their exact type; {@link #asDouble} converts on access.
 */
public sealed interface SampleValues {
    int channels();

    int samples();

    /** Value of sample {@code s}, channel {@code c} as a double (strings: not numeric). */
    double asDouble(int s, int c);

    record Float32(float[] data, int channels) implements SampleValues {
        public int samples() { return data.length / channels; }
        public double asDouble(int s, int c) { return data[s * channels + c]; }
    }

    record Double64(double[] data, int channels) implements SampleValues {
        public int samples() { return data.length / channels; }
        public double asDouble(int s, int c) { return data[s * channels + c]; }
    }

    record Int32(int[] data, int channels) implements SampleValues {
        public int samples() { return data.length / channels; }
        public double asDouble(int s, int c) { return data[s * channels + c]; }
    }

    record Int16(short[] data, int channels) implements SampleValues {
        public int samples() { return data.length / channels; }
        public double asDouble(int s, int c) { return data[s * channels + c]; }
    }

    record Int8(byte[] data, int channels) implements SampleValues {
        public int samples() { return data.length / channels; }
        public double asDouble(int s, int c) { return data[s * channels + c]; }
    }

    record Int64(long[] data, int channels) implements SampleValues {
        public int samples() { return data.length / channels; }
        public double asDouble(int s, int c) { return data[s * channels + c]; }
    }

    record Strings(String[] data, int channels) implements SampleValues {
        public int samples() { return data.length / channels; }
        public double asDouble(int s, int c) {
            throw new UnsupportedOperationException("string stream values are not numeric; use string(s, c)");
        }
        public String string(int s, int c) { return data[s * channels + c]; }
    }

    /** An empty value set of {@code format}. */
    static SampleValues empty(ChannelFormat format, int channels) {
        return allocate(format, channels, 0);
    }

    static SampleValues allocate(ChannelFormat format, int channels, int samples) {
        int n = Math.multiplyExact(channels, samples);
        return switch (format) {
            case FLOAT32 -> new Float32(new float[n], channels);
            case DOUBLE64 -> new Double64(new double[n], channels);
            case INT32 -> new Int32(new int[n], channels);
            case INT16 -> new Int16(new short[n], channels);
            case INT8 -> new Int8(new byte[n], channels);
            case INT64 -> new Int64(new long[n], channels);
            case STRING -> new Strings(new String[n], channels);
        };
    }

    /** The parts one after another (all of {@code format}). */
    static SampleValues concat(ChannelFormat format, int channels, List<SampleValues> parts) {
        long total = 0;
        for (SampleValues p : parts) total += p.samples();
        SampleValues all = allocate(format, channels, Math.toIntExact(total));
        int at = 0;
        for (SampleValues p : parts) {
            int n = p.samples() * channels;
            System.arraycopy(array(p), 0, array(all), at, n);
            at += n;
        }
        return all;
    }

    private static Object array(SampleValues v) {
        return switch (v) {
            case Float32 f -> f.data();
            case Double64 d -> d.data();
            case Int32 i -> i.data();
            case Int16 i -> i.data();
            case Int8 i -> i.data();
            case Int64 i -> i.data();
            case Strings s -> s.data();
        };
    }
}
