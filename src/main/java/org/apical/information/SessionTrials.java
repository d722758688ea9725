package org.apical.information;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apical.cli.UserException;
import org.apical.decode.RunningPercentile;
import org.apical.lsl.LslProtocolException;
import org.apical.lsl.StreamInfo;
import org.apical.lsl.StreamInfoXml;
import org.apical.lsl.XmlElement;
import org.apical.replay.RecordedSession;
import org.apical.xdf.XdfStream;

/**
 * An Apical session recording → trials for the information analyses. Trials come from the recorded task events, aligned
 * to feedback start (the moment the grating starts following the decoder); a trial is {@code hit} or {@code miss}
 * (time-out or floor failure; aborted trials are left out), or, when {@code early}/{@code late} are asked for, labelled
 * by whether it lies in the first or last third of the session's trials. Responses are each chosen channel's dF/F per
 * frame (F0 = the 10th percentile of the preceding 30 s, as the default decoder does) or, for spike streams, counts per
 * bin, on the frame grid from 0 to {@code trialSeconds} after alignment. Channel positions come from the stream's desc.
 */
public final class SessionTrials {
    private static final Pattern TRIAL = Pattern.compile("trial=(\\d+)");

    private SessionTrials() {}

    /** @param channels {@code soma} (default: soma or unit channels), {@code dendrite}, or {@code all} */
    public static PopulationTrials read(Path file, double trialSeconds, String channels, boolean byTime) {
        RecordedSession rec = RecordedSession.read(file);
        if (rec.events() == null || rec.events().samples() == 0) {
            throw new UserException(file + ": has no ApicalEvents stream (task events), so trials cannot be found;"
                    + " is it an Apical session recording?");
        }
        XdfStream input = rec.input();
        StreamInfo info;
        try {
            info = StreamInfoXml.parse(input.header().xml());
        } catch (LslProtocolException e) {
            throw new UserException(file + ": stream '" + input.name() + "': " + e.getMessage());
        }
        double rate = info.nominalSrate();
        if (!(rate > 0)) throw new UserException(file + ": stream '" + input.name() + "' has no regular rate");
        boolean spikes = "SpikeCounts".equals(info.type());
        List<Integer> chosen = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<double[]> positions = new ArrayList<>();
        List<XmlElement> descChannels = info.desc() == null || info.desc().path("channels") == null ? List.of()
                : info.desc().path("channels").children("channel");
        for (int c = 0; c < info.channelCount(); c++) {
            XmlElement ch = c < descChannels.size() ? descChannels.get(c) : null;
            String type = ch == null || ch.childText("type") == null ? "" : ch.childText("type").toLowerCase(Locale.ROOT);
            boolean take = switch (channels) {
                case "all" -> true;
                case "dendrite" -> type.equals("dendrite");
                default -> type.isEmpty() || type.equals("soma") || type.equals("unit");
            };
            if (!take) continue;
            chosen.add(c);
            String label = ch == null ? null : ch.childText("label");
            names.add(label == null || label.isEmpty() ? "ch" + c : label);
            positions.add(new double[] {number(ch, "x_um"), number(ch, "y_um")});
        }
        if (chosen.isEmpty()) {
            throw new UserException(file + ": no '" + channels + "' channels in stream '" + input.name() + "'");
        }

        int frames = input.samples();
        double[] stamps = input.rawTimestamps();
        int n = chosen.size();
        double[] response = new double[frames * n];
        int window = (int) Math.round(30 * rate);
        for (int j = 0; j < n; j++) {
            int c = chosen.get(j);
            RunningPercentile f0 = spikes ? null : new RunningPercentile(window, 10);
            for (int k = 0; k < frames; k++) {
                double v = input.value(k, c);
                response[k * n + j] = spikes ? v : (v - f0.add(v)) / f0.value();
            }
        }

        // trials from the events: alignment (feedback start) and outcome
        XdfStream ev = rec.events();
        Map<Integer, Double> align = new HashMap<>();
        Map<Integer, String> outcome = new HashMap<>();
        for (int i = 0; i < ev.samples(); i++) {
            String m = ev.string(i, 0);
            Matcher t = TRIAL.matcher(m);
            if (!t.find()) continue;
            int trial = Integer.parseInt(t.group(1));
            if (m.startsWith("feedback_start")) align.put(trial, ev.rawTimestamps()[i]);
            else if (m.startsWith("hit ")) outcome.put(trial, "hit");
            else if (m.startsWith("timeout") || m.startsWith("floor_fail")) outcome.put(trial, "miss");
            else if (m.startsWith("trial_aborted")) outcome.put(trial, "aborted");
        }
        int bins = Math.max(1, (int) Math.floor(trialSeconds * rate + 1e-9));
        double[] binStarts = new double[bins];
        for (int b = 0; b < bins; b++) binStarts[b] = b / rate;
        List<Integer> order = new ArrayList<>(align.keySet());
        order.sort(Integer::compare);
        List<Integer> usable = new ArrayList<>();
        for (int trial : order) {
            String o = outcome.get(trial);
            if (o == null || o.equals("aborted")) continue;
            int start = firstAtOrAfter(stamps, align.get(trial));
            if (start < 0 || start + bins > frames) continue;
            usable.add(trial);
        }
        List<Trial> trials = new ArrayList<>();
        for (int idx = 0; idx < usable.size(); idx++) {
            int trial = usable.get(idx);
            int start = firstAtOrAfter(stamps, align.get(trial));
            String label = outcome.get(trial);
            if (byTime) {
                int third = usable.size() / 3;
                if (idx < third) label = "early";
                else if (idx >= usable.size() - third) label = "late";
                else continue;
            }
            double[] values = new double[bins * n];
            System.arraycopy(response, start * n, values, 0, bins * n);
            trials.add(new Trial(label, Integer.toString(trial), values));
        }
        if (trials.isEmpty()) {
            throw new UserException(file + ": no complete trials (" + align.size() + " trials started, "
                    + outcome.values().stream().filter("hit"::equals).count() + " hits) with " + trialSeconds
                    + " s of data after feedback start");
        }
        double[] xs = new double[n], ys = new double[n];
        boolean anyPosition = false;
        for (int j = 0; j < n; j++) {
            xs[j] = positions.get(j)[0];
            ys[j] = positions.get(j)[1];
            anyPosition |= !Double.isNaN(xs[j]);
        }
        return new PopulationTrials(file.getFileName().toString(), names, binStarts, 1 / rate, trials,
                anyPosition ? new RoiPositions(xs, ys) : null);
    }

    private static int firstAtOrAfter(double[] stamps, double t) {
        int lo = 0, hi = stamps.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (stamps[mid] < t - 1e-9) lo = mid + 1; else hi = mid;
        }
        return lo < stamps.length ? lo : -1;
    }

    private static double number(XmlElement ch, String name) {
        if (ch == null || ch.childText(name) == null || ch.childText(name).isBlank()) return Double.NaN;
        try {
            return Double.parseDouble(ch.childText(name).trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
