package org.apical.residual;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apical.report.LinePlot;

/**
 * The report folder of {@code analyze residuals}: {@code summary.md} (what a scientist reads first), CSV tables
 * ({@code neurons.csv}, {@code events.csv}, {@code task_groups.csv}, {@code comparison.csv}) and PNG plots.
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
            if (comparison != null) written.add(comparison(dir.resolve("comparison.csv"), comparison));
            for (ResidualAnalysis.Result r : results) written.addAll(plots(dir, r, results.size() > 1));
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
        int n = r.fits().size();
        double[] x = new double[n], r2 = new double[n], control = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            r2[i] = r.network().neurons().get(i).r2();
            control[i] = r.network().neurons().get(i).r2Control();
        }
        Path net = dir.resolve(p + "network_r2.png");
        new LinePlot("Residuals predicted by the other neurons (cross-validated R²)", "neuron (pair index)", "R²")
                .add(LinePlot.Series.of("network", x, r2)).add(LinePlot.Series.of("time-shifted control", x, control)
                        .asDashed()).integerX(true).write(net);
        out.add(net);
        // amplified / attenuated events per trial by group
        List<Outcome> outcomes = r.recording().outcomes();
        if (!outcomes.isEmpty()) {
            int trials = outcomes.size();
            double[] t = new double[trials];
            double[][] rates = new double[4][trials];
            for (int i = 0; i < trials; i++) t[i] = i + 1;
            for (ResidualEvent e : r.data().events()) {
                int role = r.recording().pairs().roles()[e.pair()];
                if (role == 0) continue;
                int trial = trialOf(outcomes, e.time());
                if (trial < 0) continue;
                int g = (role > 0 ? 0 : 2) + (e.kind() == ResidualEvent.Kind.AMPLIFIED ? 0 : 1);
                if (e.kind() == ResidualEvent.Kind.AMPLIFIED || e.kind() == ResidualEvent.Kind.ATTENUATED) rates[g][trial]++;
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
            double[] xi = new double[regs.size()];
            for (int i = 0; i < xi.length; i++) xi[i] = i;
            LinePlot plot = new LinePlot("Task coefficients by role (" + String.join(", ", regs) + ")",
                    "regressor (0 = " + regs.get(0) + ")", "coefficient (residual SDs)").integerX(true);
            for (int role : new int[] {1, -1, 0}) {
                double[] mean = new double[regs.size()];
                java.util.Arrays.fill(mean, Double.NaN);
                for (GroupTaskEffect g : r.task().groups()) if (g.role() == role) mean[regs.indexOf(g.regressor())] = g.mean();
                plot.add(LinePlot.Series.of(role > 0 ? "P+" : role < 0 ? "P−" : "others", xi, mean));
            }
            Path task = dir.resolve(p + "task_coefficients.png");
            plot.write(task);
            out.add(task);
        }
        return out;
    }

    /** The trial an event falls in: trial i ends at outcome i and starts after outcome i−1. */
    static int trialOf(List<Outcome> outcomes, double time) {
        for (int i = 0; i < outcomes.size(); i++) if (time <= outcomes.get(i).time()) return i;
        return -1;
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
