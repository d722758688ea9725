package org.apical.pilot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apical.report.HeatMap;
import org.apical.report.LinePlot;

/**
 * The report folder of a sweep: sweep.csv (one row per setting: its values, the mean figures over its runs, whether
 * it meets the constraints), a plot per figure over the grid (a line over one parameter, a heat map over two, a line
 * over the setting number for more) and summary.md naming the best setting.
 */
public final class SweepReport {
    private SweepReport() {}

    /** The figures plotted over the grid, with their axis titles. */
    private static final List<String[]> PLOTTED = List.of(new String[] {"hit_rate", "hit rate"},
            new String[] {"ttt_median_s", "time to target, median (s)"},
            new String[] {"hit_rate_last_block", "hit rate in the last block"});

    public static List<Path> write(Path dir, String title, Sweep sweep, List<Sweep.Outcome> outcomes,
                                   List<Sweep.Constraint> constraints, Sweep.Goal goal, Sweep.Outcome best,
                                   List<String> header) {
        try {
            Files.createDirectories(dir);
            List<Path> files = new ArrayList<>();
            Path csv = dir.resolve("sweep.csv");
            Files.writeString(csv, csv(sweep, outcomes));
            files.add(csv);
            for (String[] m : PLOTTED) {
                if (!outcomes.getFirst().metrics().containsKey(m[0])) continue;
                Path png = dir.resolve("sweep-" + m[0].replace('_', '-') + ".png");
                plot(sweep, outcomes, m[0], m[1], png);
                files.add(png);
            }
            Path md = dir.resolve("summary.md");
            Files.writeString(md, summary(title, sweep, outcomes, constraints, goal, best, header));
            files.add(md);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    static String csv(Sweep sweep, List<Sweep.Outcome> outcomes) {
        StringBuilder b = new StringBuilder("setting");
        for (SweepAxis a : sweep.axes()) b.append(',').append(a.field());
        List<String> metrics = new ArrayList<>(outcomes.getFirst().metrics().keySet());
        b.append(",runs");
        for (String m : metrics) b.append(',').append(m);
        b.append(",feasible\n");
        for (Sweep.Outcome o : outcomes) {
            b.append(o.point().index());
            for (Object v : o.point().values().values()) b.append(',').append(PilotTables.csv(SweepAxis.text(v)));
            b.append(',').append(o.runs());
            for (String m : metrics) b.append(',').append(PilotTables.num(o.metrics().get(m), 6));
            b.append(',').append(o.feasible()).append('\n');
        }
        return b.toString();
    }

    private static void plot(Sweep sweep, List<Sweep.Outcome> outcomes, String metric, String label, Path png) {
        List<SweepAxis> axes = sweep.axes();
        if (axes.size() == 2) {
            SweepAxis ya = axes.get(0), xa = axes.get(1);
            double[][] v = new double[ya.values().size()][xa.values().size()];
            for (Sweep.Outcome o : outcomes) {
                int i = o.point().index();
                v[i / xa.values().size()][i % xa.values().size()] = o.metrics().get(metric);
            }
            new HeatMap(label + " over " + ya.field() + " × " + xa.field(), xa.field(), ticks(xa), ya.field(),
                    ticks(ya), v).write(png);
            return;
        }
        double[] x = new double[outcomes.size()], y = new double[outcomes.size()];
        boolean numeric = axes.size() == 1 && axes.getFirst().values().getFirst() instanceof Double;
        for (int i = 0; i < x.length; i++) {
            Object v = outcomes.get(i).point().values().values().iterator().next();
            x[i] = numeric ? (Double) v : i;
            y[i] = outcomes.get(i).metrics().get(metric);
        }
        String xLabel = axes.size() == 1 ? axes.getFirst().field() + (numeric ? "" : " (candidate)") : "setting";
        new LinePlot(label + " over the sweep", xLabel, label).integerX(!numeric)
                .add(LinePlot.Series.of(label, x, y)).write(png);
    }

    private static String[] ticks(SweepAxis a) {
        return a.values().stream().map(SweepAxis::text).toArray(String[]::new);
    }

    private static String summary(String title, Sweep sweep, List<Sweep.Outcome> outcomes,
                                  List<Sweep.Constraint> constraints, Sweep.Goal goal, Sweep.Outcome best,
                                  List<String> header) {
        StringBuilder b = new StringBuilder("# " + title + "\n\n");
        for (String h : header) b.append(h).append("\n\n");
        b.append("Grid: ");
        for (SweepAxis a : sweep.axes()) {
            b.append('`').append(a.field()).append("` ").append(a.values().stream().map(SweepAxis::text).toList())
                    .append("; ");
        }
        b.append(outcomes.size()).append(" settings × ").append(outcomes.getFirst().runs()).append(" runs each.\n\n");
        b.append("Constraints: ").append(constraints.isEmpty() ? "none" : constraints.stream()
                .map(c -> c.metric() + " in [" + c.low() + ", " + c.high() + "]").toList()).append("; best: ")
                .append(goal.text()).append(".\n\n");
        long feasible = outcomes.stream().filter(Sweep.Outcome::feasible).count();
        b.append(best == null ? "No setting meets the constraints (" + feasible + " of " + outcomes.size() + ").\n\n"
                : "**Best setting: " + best.point().label() + "** (" + goal.metric() + " "
                + PilotTables.num(best.metrics().get(goal.metric()), 4) + "; " + feasible + " of " + outcomes.size()
                + " settings meet the constraints).\n\n");
        List<Sweep.Outcome> top = outcomes.stream().filter(Sweep.Outcome::feasible)
                .filter(o -> Double.isFinite(o.metrics().get(goal.metric())))
                .sorted(Comparator.comparingDouble((Sweep.Outcome o) -> o.metrics().get(goal.metric()) * (goal.maximise() ? -1 : 1)))
                .limit(10).toList();
        if (!top.isEmpty()) {
            List<String> metrics = new ArrayList<>(top.getFirst().metrics().keySet());
            b.append("| setting | ").append(String.join(" | ", metrics)).append(" |\n|");
            b.append(" --- |".repeat(metrics.size() + 1)).append('\n');
            for (Sweep.Outcome o : top) {
                b.append("| ").append(o.point().label());
                for (String m : metrics) b.append(" | ").append(String.format(Locale.ROOT, "%.4g", o.metrics().get(m)));
                b.append(" |\n");
            }
        }
        return b.toString();
    }
}
