package org.apical.information;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apical.report.LinePlot;

/**
 * Writes a report folder: {@code summary.csv} (one row per session), {@code time.csv}, {@code distance.csv},
 * and the plots {@code time.png} (information over the trial, last session), {@code time-redundancy.png}
 * (redundancy over the trial, every session), {@code sessions.png} (learning curve, when there are several
 * sessions) and {@code distance.png} (pairwise redundancy against distance). Columns are documented in
 * docs/information.md. Empty cells mean "not computed".
 */
public final class InformationReport {
    private InformationReport() {}

    /** @return the files written, in order */
    public static List<Path> write(Path dir, List<SessionReport> sessions) {
        try {
            Files.createDirectories(dir);
            List<Path> out = new ArrayList<>();
            out.add(summary(dir.resolve("summary.csv"), sessions));
            if (sessions.stream().anyMatch(s -> !s.timeBins().isEmpty())) {
                out.add(time(dir.resolve("time.csv"), sessions));
                out.addAll(timePlots(dir, sessions));
            }
            if (sessions.stream().anyMatch(s -> !s.distance().isEmpty())) {
                out.add(distance(dir.resolve("distance.csv"), sessions));
                out.add(distancePlot(dir.resolve("distance.png"), sessions));
            }
            if (sessions.size() > 1) out.add(sessionsPlot(dir.resolve("sessions.png"), sessions));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path summary(Path file, List<SessionReport> sessions) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("session,index,window_from_s,window_to_s,neurons,trials_a,trials_b,delta_s,"
                    + "real_naive,real_bc,real_lo,real_hi,shuffle_naive,shuffle_bc,shuffle_lo,shuffle_hi,"
                    + "redundancy_naive,redundancy_bc,redundancy_lo,redundancy_hi,shared_fraction,real_cv,"
                    + "truth_real,truth_shuffle,truth_redundancy\n");
            for (int k = 0; k < sessions.size(); k++) {
                SessionReport s = sessions.get(k);
                InformationEstimate e = s.estimate();
                BootstrapIntervals ci = s.intervals();
                KnownInformation t = s.truth();
                w.write(String.join(",", csv(s.session()), Integer.toString(k), num(s.windowFrom()),
                        num(s.windowTo()), Integer.toString(e.neurons()), Integer.toString(e.trialsA()),
                        Integer.toString(e.trialsB()), num(e.deltaS()),
                        num(e.realNaive()), num(e.realCorrected()), lo(ci == null ? null : ci.real()),
                        hi(ci == null ? null : ci.real()),
                        num(e.shuffleNaive()), num(e.shuffleCorrected()), lo(ci == null ? null : ci.shuffle()),
                        hi(ci == null ? null : ci.shuffle()),
                        num(e.redundancyNaive()), num(e.redundancyCorrected()),
                        lo(ci == null ? null : ci.redundancy()), hi(ci == null ? null : ci.redundancy()),
                        num(e.sharedFraction()), s.crossValidated() == null ? "" : num(s.crossValidated().corrected()),
                        t == null ? "" : num(t.real()), t == null ? "" : num(t.shuffle()),
                        t == null ? "" : num(t.redundancy())));
                w.write('\n');
            }
        }
        return file;
    }

    private static Path time(Path file, List<SessionReport> sessions) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("session,index,from_s,to_s,centre_s,real_naive,real_bc,real_lo,real_hi,shuffle_naive,shuffle_bc,"
                    + "shuffle_lo,shuffle_hi,redundancy_naive,redundancy_bc,redundancy_lo,redundancy_hi,"
                    + "truth_real,truth_shuffle,truth_redundancy\n");
            for (int k = 0; k < sessions.size(); k++) {
                SessionReport s = sessions.get(k);
                for (int b = 0; b < s.timeBins().size(); b++) {
                    TimeBinResult r = s.timeBins().get(b);
                    InformationEstimate e = r.estimate();
                    BootstrapIntervals ci = r.intervals();
                    KnownInformation t = b < s.timeTruth().size() ? s.timeTruth().get(b) : null;
                    w.write(String.join(",", csv(s.session()), Integer.toString(k), num(r.fromS()), num(r.toS()),
                            num(r.centreS()), num(e.realNaive()), num(e.realCorrected()),
                            lo(ci == null ? null : ci.real()), hi(ci == null ? null : ci.real()),
                            num(e.shuffleNaive()), num(e.shuffleCorrected()),
                            lo(ci == null ? null : ci.shuffle()), hi(ci == null ? null : ci.shuffle()),
                            num(e.redundancyNaive()), num(e.redundancyCorrected()),
                            lo(ci == null ? null : ci.redundancy()), hi(ci == null ? null : ci.redundancy()),
                            t == null ? "" : num(t.real()), t == null ? "" : num(t.shuffle()),
                            t == null ? "" : num(t.redundancy())));
                    w.write('\n');
                }
            }
        }
        return file;
    }

    private static Path distance(Path file, List<SessionReport> sessions) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("session,index,from_um,to_um,pairs,mean_distance_um,noise_correlation,pair_shuffle_bc,"
                    + "pair_real_bc,pair_redundancy_bc,shared_fraction\n");
            for (int k = 0; k < sessions.size(); k++) {
                SessionReport s = sessions.get(k);
                for (DistanceBin d : s.distance()) {
                    w.write(String.join(",", csv(s.session()), Integer.toString(k), num(d.fromUm()), num(d.toUm()),
                            Integer.toString(d.pairs()), num(d.meanDistanceUm()), num(d.noiseCorrelation()),
                            num(d.pairShuffle()), num(d.pairReal()), num(d.pairRedundancy()),
                            num(d.sharedFraction())));
                    w.write('\n');
                }
            }
        }
        return file;
    }

    private static List<Path> timePlots(Path dir, List<SessionReport> sessions) {
        SessionReport last = null;
        for (SessionReport s : sessions) if (!s.timeBins().isEmpty()) last = s;
        List<TimeBinResult> bins = last.timeBins();
        int n = bins.size();
        double[] x = new double[n];
        for (int b = 0; b < n; b++) x[b] = bins.get(b).centreS();
        LinePlot p = new LinePlot("Information within the trial — " + last.session(), "time from trial onset (s)",
                "linear Fisher information (1/δs²)");
        addMeasures(p, x, bins.stream().map(TimeBinResult::estimate).toList(),
                bins.stream().map(TimeBinResult::intervals).toList(), last.timeTruth());
        Path one = dir.resolve("time.png");
        p.write(one);

        LinePlot r = new LinePlot("I_redundancy within the trial, by session", "time from trial onset (s)",
                "I_redundancy (1/δs²)");
        for (SessionReport s : sessions) {
            if (s.timeBins().isEmpty()) continue;
            double[] xs = s.timeBins().stream().mapToDouble(TimeBinResult::centreS).toArray();
            double[] ys = s.timeBins().stream().mapToDouble(t -> t.estimate().redundancyCorrected()).toArray();
            r.add(LinePlot.Series.of(s.session(), xs, ys));
        }
        Path two = dir.resolve("time-redundancy.png");
        r.write(two);
        return List.of(one, two);
    }

    private static Path sessionsPlot(Path file, List<SessionReport> sessions) {
        double[] x = new double[sessions.size()];
        for (int k = 0; k < x.length; k++) x[k] = k + 1;
        LinePlot p = new LinePlot("Information across sessions", "session", "linear Fisher information (1/δs²)")
                .integerX(true);
        List<KnownInformation> truth = sessions.stream().allMatch(s -> s.truth() != null)
                ? sessions.stream().map(SessionReport::truth).toList() : List.of();
        addMeasures(p, x, sessions.stream().map(SessionReport::estimate).toList(),
                sessions.stream().map(SessionReport::intervals).toList(), truth);
        p.write(file);
        return file;
    }

    private static Path distancePlot(Path file, List<SessionReport> sessions) {
        LinePlot p = new LinePlot("Pairwise redundancy against distance", "distance between ROI centres (µm)",
                "mean pairwise I_redundancy (1/δs²)");
        for (SessionReport s : sessions) {
            if (s.distance().isEmpty()) continue;
            List<DistanceBin> bins = s.distance().stream().filter(d -> d.pairs() > 0).toList();
            double[] x = bins.stream().mapToDouble(DistanceBin::meanDistanceUm).toArray();
            double[] y = bins.stream().mapToDouble(DistanceBin::pairRedundancy).toArray();
            p.add(LinePlot.Series.of(s.session(), x, y));
        }
        p.write(file);
        return file;
    }

    private static void addMeasures(LinePlot p, double[] x, List<InformationEstimate> est,
                                    List<BootstrapIntervals> ci, List<KnownInformation> truth) {
        int n = x.length;
        String[] names = {"I_real", "I_shuffle", "I_redundancy"};
        for (int m = 0; m < 3; m++) {
            double[] y = new double[n], lo = new double[n], hi = new double[n];
            boolean band = true;
            for (int i = 0; i < n; i++) {
                InformationEstimate e = est.get(i);
                y[i] = switch (m) { case 0 -> e.realCorrected(); case 1 -> e.shuffleCorrected(); default -> e.redundancyCorrected(); };
                BootstrapIntervals c = ci.get(i);
                if (c == null) { band = false; continue; }
                Interval iv = switch (m) { case 0 -> c.real(); case 1 -> c.shuffle(); default -> c.redundancy(); };
                lo[i] = iv.low();
                hi[i] = iv.high();
            }
            LinePlot.Series s = LinePlot.Series.of(names[m] + " (bias-corrected)", x, y).withColour(m);
            p.add(band ? s.withBand(lo, hi) : s);
        }
        if (truth.size() == n) {
            for (int m = 0; m < 3; m++) {
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    KnownInformation t = truth.get(i);
                    y[i] = switch (m) { case 0 -> t.real(); case 1 -> t.shuffle(); default -> t.redundancy(); };
                }
                p.add(LinePlot.Series.of(names[m] + " (model)", x, y).asDashed().withColour(m));
            }
        }
    }

    static String num(double v) { return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : ""; }

    private static String lo(Interval i) { return i == null ? "" : num(i.low()); }

    private static String hi(Interval i) { return i == null ? "" : num(i.high()); }

    static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
