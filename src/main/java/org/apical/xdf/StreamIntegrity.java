package org.apical.xdf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apical.core.GapCounter;
import org.apical.stream.StreamInfo;

/**
 * Checks one stream of a file as its samples are read, so that damage the chunk structure cannot show is still
 * noticed: a Samples chunk deleted, repeated or moved leaves every chunk valid, but the stream's timestamps then go
 * back, or jump over samples its nominal rate says should be there, or the count disagrees with its footer.
 *
 * <p>Any reader feeds it: {@link #sample} per timestamp in file order (stored or deduced, not clock-corrected),
 * {@link #clockOffset} per ClockOffset chunk; then {@link #report} compares with the footer. Holes are counted
 * against the nominal rate with {@link GapCounter} by time (the same count a live session makes), so stamping jitter
 * is not a hole. It holds a few numbers, whatever the stream's length.
 */
public final class StreamIntegrity {
    private final int id;
    private final StreamInfo header;
    private final double rate;
    private final GapCounter gaps;
    private long samples;
    private double first = Double.NaN;
    private double last = Double.NaN;
    private int clockOffsets;
    private long missingInside;
    private long holes;
    private long largestHole;
    private double largestHoleAfter;
    private long backwards;
    private long firstBackwardsSample = -1;
    private double firstBackwardsFrom, firstBackwardsTo;

    public StreamIntegrity(int id, StreamInfo header) {
        this.id = id;
        this.header = header;
        this.rate = header.nominalSrate() > 0 && Double.isFinite(header.nominalSrate()) ? header.nominalSrate() : 0;
        this.gaps = new GapCounter(rate, -1, 0);
    }

    /** Every sample of a loaded stream, in file order, and its clock offsets. */
    public static StreamIntegrity of(XdfStream s) {
        StreamIntegrity c = new StreamIntegrity(s.id(), s.header());
        c.samples(s.rawTimestamps(), 0, s.rawTimestamps().length);
        for (int i = 0; i < s.clockTimes().length; i++) c.clockOffset();
        return c;
    }

    /** The next sample's timestamp, as stored or deduced. */
    public void sample(double t) {
        if (samples > 0 && t < last) {
            if (backwards++ == 0) {
                firstBackwardsSample = samples;
                firstBackwardsFrom = last;
                firstBackwardsTo = t;
            }
        }
        long missing = gaps.missingBefore(t, null);
        if (missing > 0) {
            holes++;
            missingInside = plus(missingInside, missing);
            if (missing > largestHole) {
                largestHole = missing;
                largestHoleAfter = last;
            }
        }
        if (samples == 0) first = t;
        last = t;
        samples++;
    }

    public void samples(double[] timestamps, int from, int to) {
        for (int i = from; i < to; i++) sample(timestamps[i]);
    }

    public void clockOffset() { clockOffsets++; }

    public long samples() { return samples; }

    /**
     * What the file holds of the stream compared with what it should hold.
     *
     * @param footerSamples   the footer's count, −1 without a footer (or a footer without one)
     * @param missingInside   samples missing between two samples by the nominal rate (0 for irregular streams)
     * @param missingAtStart  samples the footer has before the first one read (by the nominal rate)
     * @param missingAtEnd    samples the footer has after the last one read (all of them when none was read)
     * @param outOfOrder      samples stamped earlier than the one before them
     * @param problems        one sentence per finding, naming the stream; empty when the stream is whole
     */
    public record Report(int id, String name, long samples, long footerSamples, long missingInside, long holes,
                         long missingAtStart, long missingAtEnd, long outOfOrder, List<String> problems) {
        /** Samples the stream should have and the file does not hold. */
        public long missing() { return plus(plus(missingInside, missingAtStart), missingAtEnd); }
    }

    /** @param footer the stream's footer in this file, or null (a killed recording has none) */
    public Report report(StreamFooterInfo footer) {
        List<String> problems = new ArrayList<>();
        String who = "stream '" + header.name() + "' (id " + id + ")";
        long footerSamples = footer == null ? -1 : footer.sampleCount();
        long atStart = 0, atEnd = 0;
        if (footerSamples >= 0 && footerSamples != samples) {
            problems.add(String.format(Locale.ROOT, "%s: %d samples in the file, but its footer counts %d (%s)",
                    who, samples, footerSamples, samples < footerSamples ? (footerSamples - samples) + " missing"
                            : (samples - footerSamples) + " too many: chunks repeated?"));
        }
        if (footerSamples > 0 && samples == 0) {
            atEnd = footerSamples;
        } else if (footerSamples > 0) {
            // Apical prints footer timestamps exactly, other writers may use C++ streams' 6 significant digits:
            // beyond half a sample only when samples are missing by the count, else beyond what such printing hides
            double halfSample = rate > 0 ? 0.5 / rate : 1e-6;
            double printing = Math.max(halfSample, 1e-5 * Math.abs(footer.lastTimestamp()));
            double tolerance = samples < footerSamples ? halfSample : printing;
            if (footer.firstTimestamp() < first - tolerance) {
                atStart = rate > 0 ? Math.round((first - footer.firstTimestamp()) * rate) : 0;
                problems.add(String.format(Locale.ROOT, "%s: the first sample read is at %s, its footer says %s%s", who,
                        fmt(first), fmt(footer.firstTimestamp()), rate > 0 ? " (" + atStart + " missing at the start)" : ""));
            }
            if (first < footer.firstTimestamp() - printing || last > footer.lastTimestamp() + printing) {
                // deduced timestamps continue from the previous chunk's last one: after a lost chunk they are wrong
                problems.add(String.format(Locale.ROOT, "%s: samples read from %s to %s, outside its footer's %s to %s:"
                        + " timestamps deduced across a missing chunk, or chunks from elsewhere", who, fmt(first),
                        fmt(last), fmt(footer.firstTimestamp()), fmt(footer.lastTimestamp())));
            }
            if (footer.lastTimestamp() > last + tolerance) {
                atEnd = rate > 0 ? Math.round((footer.lastTimestamp() - last) * rate) : 0;
                problems.add(String.format(Locale.ROOT, "%s: the last sample read is at %s, its footer says %s%s", who,
                        fmt(last), fmt(footer.lastTimestamp()), rate > 0 ? " (" + atEnd + " missing at the end)" : ""));
            }
        }
        if (backwards > 0) {
            problems.add(String.format(Locale.ROOT, "%s: timestamps go back %d time%s, first at sample %d (%s after %s):"
                    + " chunks out of order or repeated", who, backwards, backwards == 1 ? "" : "s",
                    firstBackwardsSample, fmt(firstBackwardsTo), fmt(firstBackwardsFrom)));
        }
        if (missingInside > 0) {
            problems.add(String.format(Locale.ROOT, "%s: %d samples missing by its nominal rate (%s Hz) in %d hole%s,"
                    + " the largest %d samples after %s", who, missingInside, fmt(rate), holes, holes == 1 ? "" : "s",
                    largestHole, fmt(largestHoleAfter)));
        }
        // a footer listing no offset may be a writer that lists none
        if (footer != null && footer.offsetTimes().length > 0 && footer.offsetTimes().length != clockOffsets) {
            problems.add(String.format(Locale.ROOT, "%s: %d clock offsets in the file, but its footer lists %d", who,
                    clockOffsets, footer.offsetTimes().length));
        }
        return new Report(id, header.name(), samples, footerSamples, missingInside, holes, atStart, atEnd, backwards,
                List.copyOf(problems));
    }

    /** Sums of counts derived from damaged timestamps saturate instead of wrapping. */
    public static long plus(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
