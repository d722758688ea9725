package org.apical.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.core.UserException;
import org.apical.stream.StreamInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.apical.xdf.XdfFormatException;
import org.apical.xdf.XdfSummary;

/** {@code apical xdf info FILE}: the streams of an XDF file, streamed through (any size). */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the streams of an XDF file (.xdf, .xdfz, .xdf.gz): name, type, format, channels, rate, "
                + "samples, first/last timestamps, clock offsets, and whether the file is truncated. Exit 1 when it is "
                + "truncated or damaged (a problem is printed).")
public final class XdfInfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the XDF file") Path file;

    @Option(names = "--json", description = "also print one JSON object on the last line") boolean json;

    @Override public Integer call() {
        XdfSummary s;
        try {
            s = XdfSummary.of(file);
        } catch (NoSuchFileException e) {
            throw new UserException(file + ": no such file");
        } catch (XdfFormatException e) {
            throw new UserException(e.getMessage());
        } catch (IOException e) {
            throw new UserException(file + ": cannot read: " + e.getMessage());
        }
        System.out.println(file + ": " + s.streams().size() + " stream(s), " + s.bytesRead() + " bytes"
                + (s.datetime() == null ? "" : ", recorded " + s.datetime()));
        for (XdfSummary.StreamSummary st : s.streams()) {
            StreamInfo h = st.header();
            System.out.printf(Locale.ROOT, "  [%d] %s (%s) %s x %d @ %s: %d samples, %s .. %s, %d clock offsets%s%s%n",
                    st.id(), h.name(), h.type().isEmpty() ? "no type" : h.type(), h.channelFormat().xmlName(), h.channelCount(),
                    h.nominalSrate() == 0 ? "irregular" : fmt(h.nominalSrate()) + " Hz", st.samples(),
                    fmt(st.firstTimestamp()), fmt(st.lastTimestamp()), st.clockOffsets(),
                    Double.isNaN(st.lastClockOffset()) ? "" : " (last " + fmt(st.lastClockOffset()) + " s)",
                    st.footer() == null ? ", no footer" : "");
        }
        if (s.truncated()) {
            System.out.println("  truncated: reading stopped at byte " + s.stop().offset() + ": " + s.stop().reason());
        }
        for (String p : s.problems()) System.out.println("  problem: " + p);
        if (json) System.out.println(Json.line(toJson(s)));
        // a script checking a day's recordings needs the damage in the exit code, not only in the text
        return s.truncated() || !s.problems().isEmpty() ? 1 : 0;
    }

    static Map<String, Object> toJson(XdfSummary s) {
        Map<String, Object> m = Json.object();
        m.put("file", s.path().toString());
        m.put("bytes", s.bytesRead());
        m.put("datetime", s.datetime());
        m.put("truncated", s.truncated());
        m.put("stop_offset", s.stop() == null ? null : s.stop().offset());
        m.put("stop_reason", s.stop() == null ? null : s.stop().reason());
        List<Object> streams = new ArrayList<>();
        for (XdfSummary.StreamSummary st : s.streams()) {
            Map<String, Object> o = Json.object();
            StreamInfo h = st.header();
            o.put("id", st.id());
            o.put("name", h.name());
            o.put("type", h.type());
            o.put("source_id", h.sourceId());
            o.put("format", h.channelFormat().xmlName());
            o.put("channels", h.channelCount());
            o.put("nominal_rate", h.nominalSrate());
            o.put("samples", st.samples());
            o.put("first_timestamp", Json.number(st.firstTimestamp()));
            o.put("last_timestamp", Json.number(st.lastTimestamp()));
            o.put("clock_offsets", st.clockOffsets());
            o.put("last_clock_offset", Json.number(st.lastClockOffset()));
            o.put("footer", st.footer() != null);
            o.put("footer_sample_count", st.footer() == null ? null : st.footer().sampleCount());
            o.put("missing_samples", st.integrity().missing());
            o.put("out_of_order", st.integrity().outOfOrder());
            streams.add(o);
        }
        m.put("streams", streams);
        m.put("problems", s.problems());
        return m;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

}
