package org.apical.residual;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apical.report.CategoryPlot;
import org.apical.report.Histogram;
import org.apical.report.LinePlot;
import org.apical.report.ScatterGrid;

/**
 * The report folder of {@code analyze residuals}: {@code summary.md} (what a scientist reads first), CSV tables
 * ({@code neurons.csv}, {@code events.csv}, {@code task_groups.csv}, {@code comparison.csv}) and PNG plots (dendrite
 * against soma with each neuron's line, residual distributions, network R² against its control, event rates over
 * trials, task coefficients by role, the condition comparison).
 */
public final class ResidualReport {
    private ResidualReport() {}

    public static List<Path> write(Path dir, List<ResidualAnalysis.Result> results, ComparisonResult comparison) {
        try {
            Files.createDirectories(dir);
            List<Path> written = new ArrayList<>();
            written.add(neurons(dir.resolve("neurons.csv"), results));
            written.add(events(dir.resolve("events.csv"), results));
            if (results.stream().anyMatch(r -> r.task() != null)) written.add(groups(dir.resolve("task_groups.csv"), results));
            if (comparison != null) {
                written.add(comparison(dir.resolve("comparison.csv"), comparison));
                written.add(comparisonPlot(dir, comparison));
            }
            for (ResidualAnalysis.Result r : results) written.addAll(plots(dir, r, results.size() > 1));
            if (results.stream().anyMatch(r -> !r.recording().outcomes().isEmpty())) {
                written.add(rates(dir.resolve("event_rates.csv"), results));
            }
            written.add(summary(dir.resolve("summary.md"), results, comparison));
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write the report: " + e.getMessage(), e);
        }
    }

    private static Path neurons(Path file, List<ResidualAnalysis.Result> results) throws IOException {
        StringBuilder b = new StringBuilder("condition,neuron,role,slope,intercept,reference_events,session_slope,"
                + "events,residual_sd,amplified,attenuated,network_r2,network_r2_control");
        List<String> regressors = TaskEncoding.REGRESSORS;
        for (String r : regressors) b.append(',').append(r).append(",p_").append(r);
        b.append('\n');
        for (ResidualAnalysis.Result r : results) {
            for (ResidualAnalysis.NeuronFit f : r.fits()) {
                NeuronNetworkFit net = r.network().neurons().get(f.pair());
                b.append(csv(r.condition())).append(',').append(csv(f.neuron())).append(',')
                        .append(Pairs.roleName(f.role()));
                for (double v : new double[] {f.slope(), f.intercept(), f.referenceEvents(), f.sessionSlope(),
                        f.events(), f.residualSd(), f.amplified(), f.attenuated(), net.r2(), net.r2Control()}) {
                    b.append(',').append(num(v));
                }
                NeuronTaskFit t = r.task() == null ? null : r.task().neurons().get(f.pair());
                for (int i = 0; i < regressors.size(); i++) {
                    b.append(',').append(t == null ? "" : num(t.coefficients()[i])).append(',')
                            .append(t == null ? "" : num(t.p()[i]));
                }
                b.append('\n');
            }
        }
        return write(file, b);
    }

    private static Path events(Path file, List<ResidualAnalysis.Result> results) throws IOException {
        StringBuilder b = new StringBuilder("condition,neuron,role,frame,time_s,soma,dendrite,predicted,residual,class,"
                + "coincident\n");
        for (ResidualAnalysis.Result r : results) {
            Pairs pairs = r.recording().pairs();
            for (ResidualEvent e : r.data().events()) {
                b.append(csv(r.condition())).append(',').append(csv(pairs.neurons()[e.pair()])).append(',')
                        .append(pairs.roleOf(e.pair())).append(',').append(e.frame()).append(',').append(num(e.time()))
                        .append(',').append(num(e.soma())).append(',').append(num(e.dendrite())).append(',')
                        .append(num(e.predicted())).append(',').append(num(e.residual())).append(',')
                        .append(e.kind().label()).append(',').append(e.coincident()).append('\n');
            }
        }
        return write(file, b);
    }

    /** Amplified and attenuated events per neuron and trial. */
    private static Path rates(Path file, List<ResidualAnalysis.Result> results) throws IOException {
        StringBuilder b = new StringBuilder("condition,neuron,role,trial,events,amplified,attenuated\n");
        for (ResidualAnalysis.Result r : results) {
            List<Outcome> outcomes = r.recording().outcomes();
            int n = r.fits().size(), trials = outcomes.size();
            int[][][] counts = new int[n][trials][3];
            for (ResidualEvent e : r.data().events()) {
                int trial = trialOf(outcomes, e.time());
                if (trial < 0) continue;
                counts[e.pair()][trial][0]++;
                if (e.kind() == ResidualEvent.Kind.AMPLIFIED) counts[e.pair()][trial][1]++;
                if (e.kind() == ResidualEvent.Kind.ATTENUATED) counts[e.pair()][trial][2]++;
            }
            Pairs pairs = r.recording().pairs();
            for (int p = 0; p < n; p++) {
                for (int t = 0; t < trials; t++) {
                    b.append(csv(r.condition())).append(',').append(csv(pairs.neurons()[p])).append(',')
                            .append(pairs.roleOf(p)).append(',').append(t + 1).append(',').append(counts[p][t][0])
                            .append(',').append(counts[p][t][1]).append(',').append(counts[p][t][2]).append('\n');
                }
            }
        }
        return write(file, b);
    }

    private static Path groups(Path file, List<ResidualAnalysis.Result> results) throws IOException {
        StringBuilder b = new StringBuilder("condition,group,regressor,neurons,mean,sem,p\n");
        for (ResidualAnalysis.Result r : results) {
            if (r.task() == null) continue;
            for (GroupTaskEffect g : r.task().groups()) {
                b.append(csv(r.condition())).append(',').append(g.group()).append(',').append(g.regressor()).append(',')
                        .append(g.neurons()).append(',').append(num(g.mean())).append(',').append(num(g.sem()))
                        .append(',').append(num(g.p())).append('\n');
            }
            for (SignFlip f : r.task().flips()) {
                b.append(csv(r.condition())).append(",plus_minus_flip,").append(f.regressor()).append(',')
                        .append(f.plusNeurons() + f.minusNeurons()).append(',').append(num(f.contrast())).append(",,")
                        .append(num(f.pRoleLabels())).append('\n');
            }
        }
        return write(file, b);
    }

    private static Path comparison(Path file, ComparisonResult c) throws IOException {
        StringBuilder b = new StringBuilder("measure,neurons,paired,median_a,median_b,difference,ratio,p,test\n");
        for (MeasureComparison m : c.measures()) {
            b.append(m.measure()).append(',').append(m.neurons()).append(',').append(m.paired()).append(',')
                    .append(num(m.medianA())).append(',').append(num(m.medianB())).append(',')
                    .append(num(m.difference())).append(',').append(num(m.ratio())).append(',').append(num(m.p()))
                    .append(',').append(csv(m.test())).append('\n');
        }
        return write(file, b);
    }

    private static List<Path> plots(Path dir, ResidualAnalysis.Result r, boolean prefix) {
        String p = prefix ? safe(r.condition()) + "-" : "";
        List<Path> out = new ArrayList<>();
        Pairs pairs = r.recording().pairs();
        List<List<ResidualEvent>> byPair = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) byPair.add(new ArrayList<>());
        for (ResidualEvent e : r.data().events()) byPair.get(e.pair()).add(e);

        // dendrite against soma with each neuron's reference line, ensemble neurons first
        List<Integer> order = new ArrayList<>();
        for (int role : new int[] {1, -1, 0}) for (int i = 0; i < pairs.size(); i++) if (pairs.roles()[i] == role) order.add(i);
        for (int page = 0; page * ScatterGrid.MAX_PANELS < order.size(); page++) {
            ScatterGrid grid = new ScatterGrid("Dendritic against somatic event amplitude, with the reference line",
                    "somatic amplitude (dF/F)", "dendritic amplitude (dF/F)");
            for (int k = page * ScatterGrid.MAX_PANELS; k < Math.min(order.size(), (page + 1) * ScatterGrid.MAX_PANELS); k++) {
                int i = order.get(k);
                List<ResidualEvent> ev = byPair.get(i);
                double[] xs = ev.stream().mapToDouble(ResidualEvent::soma).toArray();
                double[] ys = ev.stream().mapToDouble(ResidualEvent::dendrite).toArray();
                ResidualAnalysis.NeuronFit f = r.fits().get(i);
                grid.add(new ScatterGrid.Panel(pairs.neurons()[i] + " · " + label(pairs.roles()[i]), xs, ys,
                        f.intercept(), f.slope()));
            }
            Path scatter = dir.resolve(p + "dendrite_vs_soma" + (page == 0 ? "" : "_" + (page + 1)) + ".png");
            grid.write(scatter);
            out.add(scatter);
        }

        Histogram hist = new Histogram("Residual distributions by role (D − (a + b·S))", "residual (dF/F)");
        for (int role : new int[] {1, -1, 0}) {
            double[] v = r.data().events().stream().filter(e -> pairs.roles()[e.pair()] == role
                    && Double.isFinite(e.residual())).mapToDouble(ResidualEvent::residual).toArray();
            if (v.length > 0) hist.add(label(role), v);
        }
        Path residuals = dir.resolve(p + "residual_distributions.png");
        hist.write(residuals);
        out.add(residuals);

        List<String> ids = new ArrayList<>();
        int n = r.fits().size();
        double[] r2 = new double[n], control = new double[n];
        for (int i = 0; i < n; i++) {
            ids.add(pairs.neurons()[i] + (pairs.roles()[i] > 0 ? "+" : pairs.roles()[i] < 0 ? "−" : ""));
            r2[i] = r.network().neurons().get(i).r2();
            control[i] = r.network().neurons().get(i).r2Control();
        }
        Path net = dir.resolve(p + "network_r2.png");
        new CategoryPlot("Residuals predicted by the other neurons (cross-validated R²)", "R²", ids)
                .add("network", r2, null, null).add("time-shifted control", control, null, null).write(net);
        out.add(net);

        List<Outcome> outcomes = r.recording().outcomes();
        if (!outcomes.isEmpty()) {
            int trials = outcomes.size();
            double[] t = new double[trials];
            double[][] rates = new double[4][trials];
            for (int i = 0; i < trials; i++) t[i] = i + 1;
            for (ResidualEvent e : r.data().events()) {
                int role = pairs.roles()[e.pair()];
                if (role == 0) continue;
                int trial = trialOf(outcomes, e.time());
                if (trial < 0) continue;
                if (e.kind() == ResidualEvent.Kind.AMPLIFIED) rates[role > 0 ? 0 : 2][trial]++;
                if (e.kind() == ResidualEvent.Kind.ATTENUATED) rates[role > 0 ? 1 : 3][trial]++;
            }
            Path ratesPng = dir.resolve(p + "event_rates.png");
            new LinePlot("Amplified and attenuated events per trial", "trial", "events")
                    .add(LinePlot.Series.of("P+ amplified", t, rates[0]))
                    .add(LinePlot.Series.of("P+ attenuated", t, rates[1]).asDashed().withColour(0))
                    .add(LinePlot.Series.of("P− amplified", t, rates[2]).withColour(1))
                    .add(LinePlot.Series.of("P− attenuated", t, rates[3]).asDashed().withColour(1))
                    .integerX(true).write(ratesPng);
            out.add(ratesPng);
        }
        if (r.task() != null) {
            List<String> regs = r.task().regressors();
            CategoryPlot plot = new CategoryPlot("Task coefficients by role (mean ± SEM over neurons)",
                    "coefficient (residual SDs)", regs);
            for (int role : new int[] {1, -1, 0}) {
                double[] mean = new double[regs.size()], lo = new double[regs.size()], hi = new double[regs.size()];
                java.util.Arrays.fill(mean, Double.NaN);
                java.util.Arrays.fill(lo, Double.NaN);
                java.util.Arrays.fill(hi, Double.NaN);
                for (GroupTaskEffect g : r.task().groups()) {
                    if (g.role() != role) continue;
                    int k = regs.indexOf(g.regressor());
                    mean[k] = g.mean();
                    lo[k] = g.mean() - g.sem();
                    hi[k] = g.mean() + g.sem();
                }
                plot.add(label(role), mean, lo, hi);
            }
            Path task = dir.resolve(p + "task_coefficients.png");
            plot.write(task);
            out.add(task);
        }
        return out;
    }

    private static Path comparisonPlot(Path dir, ComparisonResult c) {
        List<String> measures = new ArrayList<>();
        double[] a = new double[c.measures().size()], b = new double[c.measures().size()];
        for (int i = 0; i < a.length; i++) {
            MeasureComparison m = c.measures().get(i);
            measures.add(m.measure() + String.format(Locale.ROOT, " (p %.3g)", m.p()));
            a[i] = m.medianA();
            b[i] = m.medianB();
        }
        Path png = dir.resolve("comparison.png");
        new CategoryPlot(c.conditionA() + " against " + c.conditionB() + " (medians over neurons)", "median", measures)
                .add(c.conditionA(), a, null, null).add(c.conditionB(), b, null, null)
                .style(CategoryPlot.Style.BARS).write(png);
        return png;
    }

    private static String label(int role) { return role > 0 ? "P+" : role < 0 ? "P−" : "others"; }

    /** The trial an event falls in: trial i ends at outcome i and starts after outcome i−1. */
    static int trialOf(List<Outcome> outcomes, double time) {
        // outcomes are in time order; a long session has ~10^6 events and ~10^3 trials
        int lo = 0, hi = outcomes.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (outcomes.get(mid).time() < time) lo = mid + 1; else hi = mid;
        }
        return lo < outcomes.size() ? lo : -1;
    }

    private static Path summary(Path file, List<ResidualAnalysis.Result> results, ComparisonResult c)
            throws IOException {
        StringBuilder b = new StringBuilder("# Soma–dendrite residuals\n\n");
        for (ResidualAnalysis.Result r : results) {
            RecordedResiduals rec = r.recording();
            b.append("## ").append(r.condition()).append("\n\n");
            b.append(String.format(Locale.ROOT, "%s: stream '%s', %d soma–dendrite pairs, %d frames at %.1f Hz, %d events;"
                            + " reference period: %s.%n%n", rec.file(), rec.streamName(), rec.pairs().size(), rec.frames(),
                    rec.rateHz(), r.data().events().size(), rec.hasTask() ? "the task's baseline" : "the first minutes"
                            + " (no task in this file)"));
            b.append("| neuron | role | slope | intercept | events | residual SD | amplified | attenuated | network R² | control R² |\n");
            b.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            int better = 0, withR2 = 0;
            for (ResidualAnalysis.NeuronFit f : r.fits()) {
                NeuronNetworkFit net = r.network().neurons().get(f.pair());
                if (Double.isFinite(net.r2())) {
                    withR2++;
                    if (net.r2() > net.r2Control() + 0.05) better++;
                }
                b.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %d | %.4f | %d | %d | %.3f | %.3f |%n",
                        f.neuron(), Pairs.roleName(f.role()), f.slope(), f.intercept(), f.events(), f.residualSd(),
                        f.amplified(), f.attenuated(), net.r2(), net.r2Control()));
            }
            b.append(String.format(Locale.ROOT, "%nNetwork prediction (%s, %d predictors): %d of %d neurons' residuals are"
                            + " predicted better than the time-shifted control (R² above it by more than 0.05).%n%n",
                    r.network().predictorKind(), r.network().predictors(), better, withR2));
            if (r.task() != null) {
                b.append("Task encoding (coefficients in residual SDs; p from time-shifted task timelines):\n\n");
                b.append("| group | regressor | neurons | mean | p |\n| --- | --- | --- | --- | --- |\n");
                for (GroupTaskEffect g : r.task().groups()) {
                    b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.4f |%n", g.group(), g.regressor(),
                            g.neurons(), g.mean(), g.p()));
                }
                b.append("\nP+ against P− (sign flip):\n\n| regressor | P+ mean | P− mean | p | flipped |\n"
                        + "| --- | --- | --- | --- | --- |\n");
                for (SignFlip f : r.task().flips()) {
                    b.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.4f | %s |%n", f.regressor(), f.meanPlus(),
                            f.meanMinus(), f.pRoleLabels(), f.flipped() ? "yes" : "no"));
                }
                b.append('\n');
            } else {
                b.append("No task encoding: the file holds no Apical task (decoder stream and trial outcomes).\n\n");
            }
        }
        if (c != null) {
            b.append("## ").append(c.conditionA()).append(" against ").append(c.conditionB()).append("\n\n");
            b.append("| measure | neurons | median A | median B | ratio | p | test |\n| --- | --- | --- | --- | --- | --- | --- |\n");
            for (MeasureComparison m : c.measures()) {
                b.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.3f | %.4f | %s |%n", m.measure(),
                        m.neurons(), m.medianA(), m.medianB(), m.ratio(), m.p(), m.test()));
            }
        }
        return write(file, b);
    }

    private static Path write(Path file, StringBuilder b) throws IOException {
        Files.writeString(file, b);
        return file;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? (v == Math.rint(v) && Math.abs(v) < 1e12 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.6g", v)) : "";
    }

    private static String csv(String s) { return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s; }

    private static String safe(String s) { return s.replaceAll("[^A-Za-z0-9._-]", "_"); }
}
