package org.apical.pilot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The side-by-side comparison of pilot runs, as aligned text for the terminal, Markdown and CSV. */
public final class PilotTables {
    static final List<String> HEADER = List.of("decoder", "recording", "run", "trials", "hit rate",
            "time to target s, median (IQR)", "rewards/min", "floor failures", "occupancy %");

    private PilotTables() {}

    /** The figures an open-loop sweep can constrain or optimise. */
    public static final java.util.List<String> OPEN_LOOP_METRICS = PilotFigures.METRICS;

    static String kind(PilotRun.Kind k) {
        return switch (k) {
            case OPEN_LOOP -> "open loop";
            case OPEN_LOOP_SHIFTED -> "open loop, shifted";
            case CLOSED_LOOP_RECORDED -> "closed loop (recorded)";
        };
    }

    static List<String> cells(PilotRun.Result r) {
        PilotFigures f = r.figures();
        return List.of(r.decoder(), Path.of(r.recording()).getFileName().toString(), kind(r.kind()),
                Integer.toString(f.trials()), pct(f.hitRate()), ttt(f), num(f.rewardsPerMinute(), 2),
                Integer.toString(f.floorFailures()), f.occupancyText());
    }

    public static String text(List<PilotRun.Result> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (PilotRun.Result r : results) rows.add(cells(r));
        int[] w = new int[HEADER.size()];
        for (List<String> row : rows) for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], row.get(i).length());
        StringBuilder b = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < w.length; i++) {
                b.append(i == 0 ? "" : "  ").append(row.get(i)).append(" ".repeat(w[i] - row.get(i).length()));
            }
            b.append('\n');
        }
        return b.toString();
    }

    static String markdown(List<PilotRun.Result> results) {
        StringBuilder b = new StringBuilder("| " + String.join(" | ", HEADER) + " |\n");
        b.append("|").append(" --- |".repeat(HEADER.size())).append('\n');
        for (PilotRun.Result r : results) b.append("| ").append(String.join(" | ", cells(r))).append(" |\n");
        return b.toString();
    }

    static final String CSV_HEADER = "decoder,recording,run,trials,hits,hit_rate,ttt_median_s,ttt_q1_s,ttt_q3_s,"
            + "rewards,rewards_per_min,floor_failures,timeouts,floor,threshold,identical_to_recording,occupancy_kind,"
            + "occupancy";

    static String csvRow(PilotRun.Result r) {
        return String.join(",", csv(r.decoder()), csv(r.recording()), r.kind().name().toLowerCase(Locale.ROOT),
                figuresCsv(r.figures(), r.floor(), r.threshold(), r.identicalToRecording()));
    }

    /** The columns of {@link #CSV_HEADER} from {@code trials} on. */
    static final String FIGURES_HEADER = CSV_HEADER.substring(CSV_HEADER.indexOf("trials,"));

    static String figuresCsv(PilotFigures f, double floor, double threshold, Boolean identical) {
        StringBuilder occ = new StringBuilder();
        for (double v : f.occupancy()) occ.append(occ.isEmpty() ? "" : " ").append(num(v, 4));
        return String.join(",", Integer.toString(f.trials()), Integer.toString(f.hits()), num(f.hitRateOrNaN(), 4),
                num(f.tttMedian(), 4), num(f.tttQ1(), 4), num(f.tttQ3(), 4), Integer.toString(f.rewards()),
                num(f.rewardsPerMinute(), 4), Integer.toString(f.floorFailures()), Integer.toString(f.timeouts()),
                num(floor, 6), num(threshold, 6), identical == null ? "" : identical.toString(), f.occupancyKind(),
                occ.toString());
    }

    static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String pct(Double d) { return d == null ? "-" : String.format(Locale.ROOT, "%.1f %%", d * 100); }

    static String num(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "";
    }

    private static String ttt(PilotFigures f) {
        if (!Double.isFinite(f.tttMedian())) return "-";
        return String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", f.tttMedian(), f.tttQ1(), f.tttQ3());
    }
}
