package org.apical.xdf;

import org.apical.stream.StreamInfo;

/**
 * One stream of a read file.
 *
 * @param timestamps    per sample, after clock synchronisation and dejittering if asked for
 * @param rawTimestamps per sample, exactly as stored or deduced in the file
 * @param values        the samples, in the stream's format
 * @param clockTimes    ClockOffset collection times (stream clock), in file order
 * @param clockValues   ClockOffset values (local − remote)
 * @param clockFit      the correction applied, {@code {a, b}}: t' = t + a + b·t ({0, 0} if none)
 * @param footer        null if the file has none for this stream (e.g. after a crash)
 * @param effectiveRate (n−1)/(last−first) of the final timestamps, 0 if it cannot be computed or the stream is
 *                      irregular
 */
public record XdfStream(int id, StreamInfo header, double[] timestamps, double[] rawTimestamps,
                        SampleValues values, double[] clockTimes, double[] clockValues, double[] clockFit,
                        StreamFooterInfo footer, double effectiveRate) {

    public String name() { return header.name(); }

    public int samples() { return timestamps.length; }

    /** String value (string streams). */
    public String string(int sample, int channel) {
        if (values instanceof SampleValues.Strings s) return s.string(sample, channel);
        throw new UnsupportedOperationException("stream '" + name() + "' is " + header.channelFormat().xmlName() + ", not string");
    }

    /** Numeric value as a double. */
    public double value(int sample, int channel) { return values.asDouble(sample, channel); }
}
