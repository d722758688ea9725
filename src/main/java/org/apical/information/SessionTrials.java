package org.apical.information;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apical.stream.XmlElement;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;

/**
 * An Apical session recording (XDF) as {@link PopulationTrials}: trials from the {@code ApicalEvents} markers,
 * responses from the input stream (the numeric stream that is not one of Apical's own outputs), binned around each trial's
 * alignment event. See docs/information.md, "Analysing a session recording".
 *
 * <p>Each trial carries several labels: its outcome ({@code hit}, or {@code miss} for timeout and floor_fail;
 * aborted trials are dropped), its epoch ({@code early} for the first third of the session's completed trials,
 * {@code late} for the last third) and, when the task wrote {@code target=X} into the trial's markers, {@code X}.
 * The two conditions chosen select the trials that carry one of them; a trial carrying both is an error.
 */
public final class SessionTrials {

    /** Event the trial window is aligned to. */
    public enum Align { TRIAL_START, FEEDBACK_START }

    /** Which channels of the input stream become neurons. */
    public enum Channels { SOMA, DENDRITE, ALL }

    /**
     * @param beforeS    seconds before the alignment event the trial window starts
     * @param afterS     seconds after the alignment event it ends
     * @param binSeconds width of one time bin
     * @param baselineS  dF/F baseline: the 10th percentile of the raw signal over this many seconds before the
     *                   trial window
     */
    public record Options(Align align, Channels channels, double beforeS, double afterS, double binSeconds,
                          double baselineS) {
        public Options {
            if (!(beforeS >= 0) || !(afterS > 0) || !(binSeconds > 0) || !(baselineS > 0)) {
                throw new InformationException("session trials: before ≥ 0, after, bin and baseline must be > 0 s");
            }
        }

        public static Options defaults() {
            return new Options(Align.FEEDBACK_START, Channels.SOMA, 1.0, 2.0, 0.05, 30.0);
        }
    }

    /** Baseline percentile for dF/F, as the decoder's running baseline uses. */
    static final double BASELINE_PERCENTILE = 0.10;

    /** Streams Apical itself writes; the input is the numeric stream that is none of these (e.g. ApicalSim). */
    static final Set<String> APICAL_OUTPUTS = org.apical.stream.ApicalStreams.OWN;

    private SessionTrials() {}

    /** One completed trial as the events describe it. */
    record EventTrial(int trial, double trialStart, double feedbackStart, String outcome, String target) {}

    /** Reads {@code file} and keeps the trials labelled {@code conditionA} or {@code conditionB}. */
    public static PopulationTrials read(Path file, String conditionA, String conditionB, Options o) {
        XdfFile xdf;
        try {
            xdf = XdfReader.read(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InformationException(file + ": no such file");
        } catch (IOException e) {
            throw new InformationException(file + ": cannot read the XDF file: " + e.getMessage());
        }
        String src = file.getFileName().toString();
        XdfStream events = null;
        XdfStream input = null;
        for (XdfStream s : xdf.streams()) {
            if (s.name().equals("ApicalEvents")) events = s;
            else if (s.name().equals(org.apical.stream.ApicalStreams.SPIKE_BINS)) input = s;
            else if (!APICAL_OUTPUTS.contains(s.name()) && s.header().channelFormat().isNumeric() && input == null) input = s;
        }
        if (input != null && org.apical.spikes.RecordedSpikeEvents.isEvents(input)) {
            // one sample per spike: binned by the session's binning code, at the analysis' bin width
            var spec = new org.apical.config.InputSection.SpikeEvents(org.apical.config.Duration.seconds(o.binSeconds()),
                    org.apical.config.Duration.seconds(0.005), "", null);
            try {
                input = org.apical.spikes.RecordedSpikeEvents.bin(input,
                        org.apical.spikes.RecordedSpikeEvents.layout(input, spec, file.toString()));
            } catch (org.apical.core.UserException e) {
                throw new InformationException(e.getMessage());
            }
        }
        if (events == null) {
            throw new InformationException(file + ": no ApicalEvents stream (streams: " + names(xdf)
                    + "); trials come from its trial_start/feedback_start markers");
        }
        if (input == null) {
            throw new InformationException(file + ": no numeric input stream (one not among " + APICAL_OUTPUTS + "; streams: "
                    + names(xdf) + ")");
        }
        List<EventTrial> trials = trials(events);
        Map<Integer, List<String>> labels = labels(trials);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (List<String> l : labels.values()) for (String s : l) counts.merge(s, 1, Integer::sum);
        int na = counts.getOrDefault(conditionA, 0);
        int nb = counts.getOrDefault(conditionB, 0);
        if (na < 2 || nb < 2) {
            throw new InformationException(file + ": too few trials for conditions '" + conditionA + "' and '"
                    + conditionB + "': found " + na + " and " + nb + " (need ≥ 2 each); the session's "
                    + trials.size() + " completed trials have labels " + describe(counts));
        }

        boolean spikes = "SpikeCounts".equalsIgnoreCase(input.header().type());
        List<Integer> chans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<double[]> xy = new ArrayList<>();
        List<XmlElement> chEls = channelElements(input);
        Set<String> wanted = switch (o.channels()) {
            case SOMA -> Set.of("soma", "unit");
            case DENDRITE -> Set.of("dendrite");
            case ALL -> Set.of();
        };
        boolean allPositions = true;
        for (int c = 0; c < input.header().channelCount(); c++) {
            XmlElement ch = c < chEls.size() ? chEls.get(c) : null;
            String type = ch == null ? null : text(ch, "type");
            if (!wanted.isEmpty() && (type == null || !wanted.contains(type.strip().toLowerCase(Locale.ROOT)))) continue;
            chans.add(c);
            String label = ch == null ? null : text(ch, "label");
            names.add(label == null || label.isBlank() ? "ch" + c : label.strip());
            double x = number(ch, "x_um");
            double y = number(ch, "y_um");
            if (!Double.isFinite(x) || !Double.isFinite(y)) allPositions = false;
            xy.add(new double[] {x, y});
        }
        if (chans.isEmpty()) {
            throw new InformationException(file + ": stream '" + input.name() + "' has no channels of type "
                    + wanted + " in desc/channels (use --channels all, or record the channel types)");
        }

        int bins = (int) Math.round((o.beforeS() + o.afterS()) / o.binSeconds());
        if (bins < 1) throw new InformationException(src + ": the trial window is shorter than one bin");
        double[] binStarts = new double[bins];
        for (int b = 0; b < bins; b++) binStarts[b] = -o.beforeS() + b * o.binSeconds();

        double[] ts = input.timestamps();
        int n = chans.size();
        List<Trial> out = new ArrayList<>();
        int outside = 0;
        for (EventTrial t : trials) {
            String label = chosen(labels.get(t.trial()), conditionA, conditionB, src, t.trial());
            if (label == null) continue;
            double align = o.align() == Align.TRIAL_START ? t.trialStart() : t.feedbackStart();
            double from = align - o.beforeS();
            double to = from + bins * o.binSeconds();
            if (ts.length == 0 || from < ts[0] || to > ts[ts.length - 1]) { outside++; continue; }
            double[] f0 = new double[n];
            if (!spikes) {
                int lo = edgeIndex(ts, Math.max(ts[0], from - o.baselineS()), o.binSeconds());
                int hi = edgeIndex(ts, from, o.binSeconds());
                if (hi - lo < 2) hi = Math.min(ts.length, lo + 2);
                double[] buf = new double[hi - lo];
                for (int i = 0; i < n; i++) {
                    for (int s = lo; s < hi; s++) buf[s - lo] = input.value(s, chans.get(i));
                    f0[i] = percentile(buf, BASELINE_PERCENTILE);
                }
            }
            double[] v = new double[bins * n];
            boolean ok = true;
            for (int b = 0; b < bins && ok; b++) {
                int lo = edgeIndex(ts, from + b * o.binSeconds(), o.binSeconds());
                int hi = edgeIndex(ts, from + (b + 1) * o.binSeconds(), o.binSeconds());
                if (hi <= lo) { ok = false; break; }
                for (int i = 0; i < n; i++) {
                    double sum = 0;
                    for (int s = lo; s < hi; s++) sum += input.value(s, chans.get(i));
                    if (spikes) v[b * n + i] = sum;
                    else {
                        double scale = Math.abs(f0[i]) > 1e-9 ? Math.abs(f0[i]) : 1.0;
                        v[b * n + i] = (sum / (hi - lo) - f0[i]) / scale;
                    }
                }
            }
            if (!ok) { outside++; continue; }
            out.add(new Trial(label, "trial " + t.trial(), v));
        }
        if (outside > 0) {
            System.err.printf(Locale.ROOT, "%s: %d trial(s) dropped: their window (%.3f s before to %.3f s after %s)"
                    + " is not fully covered by stream '%s'%n", src, outside, o.beforeS(), o.afterS(),
                    o.align().name().toLowerCase(Locale.ROOT), input.name());
        }
        RoiPositions pos = null;
        if (allPositions) {
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) { x[i] = xy.get(i)[0]; y[i] = xy.get(i)[1]; }
            pos = new RoiPositions(x, y);
        }
        return new PopulationTrials(src, names, binStarts, o.binSeconds(), out, pos);
    }

    /** Completed trials (hit, timeout, floor_fail) in order; aborted and unfinished ones are left out. */
    static List<EventTrial> trials(XdfStream events) {
        Map<Integer, double[]> starts = new LinkedHashMap<>();
        Map<Integer, String> targets = new LinkedHashMap<>();
        List<EventTrial> done = new ArrayList<>();
        for (int s = 0; s < events.samples(); s++) {
            String m = events.string(s, 0).strip();
            String[] p = m.split("\\s+");
            if (p.length == 0) continue;
            Map<String, String> kv = new LinkedHashMap<>();
            for (int i = 1; i < p.length; i++) {
                int eq = p[i].indexOf('=');
                if (eq > 0) kv.put(p[i].substring(0, eq), p[i].substring(eq + 1));
            }
            String tr = kv.get("trial");
            if (tr == null) continue;
            int trial;
            try {
                trial = Integer.parseInt(tr);
            } catch (NumberFormatException e) {
                continue;
            }
            double t = events.timestamps()[s];
            if (kv.containsKey("target")) targets.put(trial, kv.get("target"));
            switch (p[0]) {
                case "trial_start" -> starts.put(trial, new double[] {t, Double.NaN});
                case "feedback_start" -> {
                    double[] st = starts.get(trial);
                    if (st != null) st[1] = t;
                }
                case "hit", "timeout", "floor_fail" -> {
                    double[] st = starts.remove(trial);
                    if (st != null && !Double.isNaN(st[1])) {
                        done.add(new EventTrial(trial, st[0], st[1], p[0].equals("hit") ? "hit" : "miss",
                                targets.get(trial)));
                    }
                }
                case "trial_aborted" -> starts.remove(trial);
                default -> { }
            }
        }
        return done;
    }

    /** Labels per trial number: outcome, epoch (early/late thirds), target when the task wrote one. */
    static Map<Integer, List<String>> labels(List<EventTrial> trials) {
        Map<Integer, List<String>> m = new LinkedHashMap<>();
        int total = trials.size();
        int third = total / 3;
        for (int k = 0; k < total; k++) {
            EventTrial t = trials.get(k);
            List<String> l = new ArrayList<>();
            l.add(t.outcome());
            if (k < third) l.add("early");
            else if (k >= total - third) l.add("late");
            if (t.target() != null && !t.target().isBlank()) l.add(t.target());
            m.put(t.trial(), l);
        }
        return m;
    }

    private static String chosen(List<String> labels, String a, String b, String src, int trial) {
        boolean hasA = labels.contains(a);
        boolean hasB = labels.contains(b);
        if (hasA && hasB) {
            throw new InformationException(src + ": trial " + trial + " carries both conditions '" + a + "' and '" + b
                    + "'; choose conditions from one family (hit,miss; early,late; target labels)");
        }
        return hasA ? a : hasB ? b : null;
    }

    private static List<XmlElement> channelElements(XdfStream s) {
        XmlElement chs = s.header().desc().child("channels");
        return chs == null ? List.of() : chs.children("channel");
    }

    private static String text(XmlElement parent, String name) {
        XmlElement e = parent.child(name);
        return e == null ? null : e.text();
    }

    private static double number(XmlElement parent, String name) {
        if (parent == null) return Double.NaN;
        String t = text(parent, name);
        if (t == null) return Double.NaN;
        try {
            return Double.parseDouble(t.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * The first sample at or after a bin's edge, a sample within a millionth of a bin of it counting as on it: a
     * stream binned on the session's own grid (spike bins, frames) has its samples exactly on the analysis bins' edges
     * when the trial starts on a sample, and the edge and the sample, each computed in floating point at the clock's
     * magnitude (hours of uptime), differ by a few units in the last place either way, which emptied one bin and
     * doubled its neighbour (and dropped the trial) depending on the machine's uptime.
     */
    static int edgeIndex(double[] ts, double edge, double binSeconds) {
        return lowerBound(ts, edge - 1e-6 * binSeconds);
    }

    private static int lowerBound(double[] a, double x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    static double percentile(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(s.length - 1, i + 1);
        return s[i] + (pos - i) * (s[j] - s[i]);
    }

    private static String names(XdfFile f) {
        return f.streams().stream().map(XdfStream::name).toList().toString();
    }

    private static String describe(Map<String, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append("'").append(k).append("' (").append(v)
                .append(")"));
        return sb.isEmpty() ? "(none)" : sb.toString();
    }
}
