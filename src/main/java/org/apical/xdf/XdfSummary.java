package org.apical.xdf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apical.stream.InfoXmlException;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;
import org.apical.stream.XmlElement;

/**
 * What is in an XDF file, found by streaming through it (constant memory, any file size): per stream its
 * header, sample count, first and last stored timestamps, clock offsets and footer.
 */
public record XdfSummary(Path path, String datetime, List<StreamSummary> streams, long bytesRead, XdfFile.Stop stop,
                         List<String> problems) {

    /**
     * @param firstTimestamp stored (not clock-corrected) timestamp of the first sample, NaN if none
     * @param lastClockOffset the latest ClockOffset value, NaN if none
     * @param integrity       the stream checked against its nominal rate and footer
     */
    public record StreamSummary(int id, StreamInfo header, long samples, double firstTimestamp,
                                double lastTimestamp, int clockOffsets, double lastClockOffset,
                                StreamFooterInfo footer, StreamIntegrity.Report integrity) {}

    public boolean truncated() { return stop != null; }

    public static XdfSummary of(Path path) throws IOException {
        Map<Integer, long[]> counts = new LinkedHashMap<>();
        Map<Integer, StreamInfo> headers = new LinkedHashMap<>();
        Map<Integer, double[]> times = new LinkedHashMap<>();   // first, last, last offset
        Map<Integer, StreamFooterInfo> footers = new LinkedHashMap<>();
        Map<Integer, StreamIntegrity> checks = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String datetime = null;
        XdfFile.Stop stop = null;
        long read;
        try (XdfChunkReader r = XdfChunkReader.open(path)) {
            while (true) {
                XdfChunk c;
                try {
                    c = r.next();
                } catch (XdfTruncatedException e) {
                    stop = new XdfFile.Stop(e.offset(), e.reason());
                    break;
                }
                if (c == null) break;
                switch (c) {
                    case XdfChunk.FileHeader h -> {
                        try {
                            XmlElement d = StreamInfoXml.parseTree(h.xml()).child("datetime");
                            datetime = d == null ? null : d.text();
                        } catch (InfoXmlException e) {
                            problems.add("file header is not well-formed XML: " + e.getMessage());
                        }
                    }
                    case XdfChunk.StreamHeader h -> {
                        headers.put(h.streamId(), h.info());
                        counts.put(h.streamId(), new long[2]);
                        times.put(h.streamId(), new double[] {Double.NaN, Double.NaN, Double.NaN});
                        checks.put(h.streamId(), new StreamIntegrity(h.streamId(), h.info()));
                    }
                    case XdfChunk.Samples s -> {
                        double[] t = times.get(s.streamId());
                        if (s.timestamps().length > 0) {
                            if (Double.isNaN(t[0]) && counts.get(s.streamId())[0] == 0) t[0] = s.timestamps()[0];
                            t[1] = s.timestamps()[s.timestamps().length - 1];
                        }
                        counts.get(s.streamId())[0] += s.timestamps().length;
                        checks.get(s.streamId()).samples(s.timestamps(), 0, s.timestamps().length);
                    }
                    case XdfChunk.ClockOffset o -> {
                        if (counts.containsKey(o.streamId())) {
                            counts.get(o.streamId())[1]++;
                            checks.get(o.streamId()).clockOffset();
                            times.get(o.streamId())[2] = o.value();
                        }
                    }
                    case XdfChunk.StreamFooter f -> {
                        try {
                            footers.put(f.streamId(), StreamFooterInfo.parse(f.xml()));
                        } catch (InfoXmlException e) {
                            problems.add("footer of stream " + f.streamId() + " is not well-formed XML");
                        }
                    }
                    case XdfChunk.Boundary b -> { }
                    case XdfChunk.Unknown u -> problems.add("byte " + u.offset() + ": unknown chunk tag " + u.tag());
                }
            }
            read = r.offset();
        }
        List<StreamSummary> streams = new ArrayList<>();
        for (var e : headers.entrySet()) {
            int id = e.getKey();
            long[] n = counts.get(id);
            double[] t = times.get(id);
            StreamIntegrity.Report integrity = checks.get(id).report(footers.get(id));
            problems.addAll(integrity.problems());
            streams.add(new StreamSummary(id, e.getValue(), n[0], t[0], t[1], (int) n[1], t[2], footers.get(id),
                    integrity));
        }
        return new XdfSummary(path, datetime, List.copyOf(streams), read, stop, List.copyOf(problems));
    }
}
