package org.apical.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.core.UserException;
import org.apical.residual.ComparisonResult;
import org.apical.residual.ConditionComparison;
import org.apical.residual.GroupTaskEffect;
import org.apical.residual.LightComparison;
import org.apical.residual.MeasureComparison;
import org.apical.residual.NetworkOptions;
import org.apical.residual.NeuronNetworkFit;
import org.apical.residual.NeuronTaskFit;
import org.apical.residual.Pairs;
import org.apical.residual.RecordedResiduals;
import org.apical.residual.ResidualAnalysis;
import org.apical.residual.ResidualReport;
import org.apical.residual.SignFlip;
import org.apical.residual.TaskOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code apical analyze residuals SESSION.xdf [MORE.xdf ...] --out DIR}: the soma–dendrite residuals offline. */
@Command(name = "residuals", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Soma–dendrite residuals of recordings: Apical sessions, or any XDF whose",
                "numeric stream carries the channel map (channel type soma/dendrite, neuron).",
                "Per neuron: the line D = a + b·S of dendritic on somatic event amplitudes",
                "(reference period, whole session, blocks), residuals and their classes; how",
                "well the other neurons predict them (cross-validated ridge against a",
                "time-shifted control); how reward, error and its rate encode them by causal",
                "role (P+/P−, the sign flip tested); and for two recordings (or --split-at)",
                "the comparison of the two conditions. Writes summary.md, CSV and PNG to --out."})
public final class AnalyzeResidualsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE.xdf", arity = "1..*", description = "Recordings; two are compared as conditions.")
    List<Path> files;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder.")
    Path out;

    @Option(names = "--rig", paramLabel = "FILE", description = "Take the residual settings (residuals:) from this rig"
            + " file instead of the recorded one.")
    Path rig;

    @Option(names = "--reference", paramLabel = "S", defaultValue = "300", description = "Files without an Apical"
            + " task: the reference period is the first S seconds (default ${DEFAULT-VALUE}).")
    double referenceSeconds;

    @Option(names = "--blocks", defaultValue = "4", description = "Blocks of equal time for the per-block fits"
            + " (default ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--split-at", paramLabel = "S|marker:TEXT", description = "One recording as two conditions:"
            + " the frames before and after S seconds from its start, or the first marker containing TEXT (e.g."
            + " marker:anaesthesia), compared as two recordings are.")
    String splitAt;

    @Option(names = "--light", description = "Require the light-on/off comparison (the fit on light-off events,"
            + " light-on residuals against it); without it the comparison is made whenever a recording holds both"
            + " conditions.")
    boolean light;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the permutations and shuffles.")
    long seed;

    @Option(names = "--json", description = "One JSON object on the last line (fields: README.md).")
    boolean json;

    @Override public Integer call() {
        if (blocks < 1) throw new UserException("--blocks: must be at least 1, got " + blocks);
        if (!(referenceSeconds > 0)) throw new UserException("--reference: must be above 0 s, got " + referenceSeconds);
        var settings = rig == null ? null
                : org.apical.config.Definitions.loadRig(UserFiles.resolve(rig.toString())).residuals();
        if (splitAt != null && files.size() != 1) {
            throw new UserException("--split-at: splits one recording into two conditions; " + files.size()
                    + " recordings given");
        }
        List<ResidualAnalysis.Result> results = new ArrayList<>();
        List<LightComparison.Result> lights = new ArrayList<>();
        List<String> lightLabels = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            String label = f.getFileName().toString();
            int index = i;
            RecordedResiduals rec = RecordedResiduals.read(f, settings, referenceSeconds,
                    (done, total) -> progress(label, index, done, total));
            System.err.printf(Locale.ROOT, "\r%-70s%n", label + ": " + rec.events().size() + " events; fitting and"
                    + " regressing ...");
            if (LightComparison.applies(rec)) {
                lights.add(LightComparison.run(rec, seed));
                lightLabels.add(label);
            } else if (light) {
                throw new UserException(f + ": --light: the recording holds no light-on and light-off frames together"
                        + " (no '" + LightComparison.MARKER.trim() + " on|off' markers in "
                        + org.apical.stream.ApicalStreams.EVENTS + "); record a session whose rig has a light:"
                        + " section with a schedule of both conditions (docs/light.md)");
            }
            if (splitAt != null) {
                int k = rec.frameAt(splitAt);
                results.add(analyse(rec.slice(0, k), label + " before " + splitAt));
                results.add(analyse(rec.slice(k, rec.frames()), label + " from " + splitAt));
            } else {
                results.add(analyse(rec, label));
            }
        }
        ComparisonResult comparison = results.size() == 2 ? ConditionComparison.compare(results.get(0).data(),
                results.get(0).network(), results.get(1).data(), results.get(1).network(), seed) : null;
        List<Path> written = new ArrayList<>(ResidualReport.write(out, results, comparison));
        var w = System.out;
        for (ResidualAnalysis.Result r : results) {
            long better = r.network().neurons().stream().filter(n -> n.r2() > n.r2Control() + 0.05).count();
            w.printf(Locale.ROOT, "%s: %d pairs, %d events, median slope %.3f, network beats its control for %d"
                            + " neurons%s%n", r.condition(), r.fits().size(), r.data().events().size(),
                    median(r.fits().stream().mapToDouble(ResidualAnalysis.NeuronFit::slope).toArray()), better,
                    r.task() == null ? "; no task in the file" : "; sign flip " + flips(r));
        }
        if (comparison != null) {
            for (MeasureComparison m : comparison.measures()) {
                w.printf(Locale.ROOT, "%s vs %s: %s median %.4f vs %.4f (p %.4f, %s)%n", comparison.conditionA(),
                        comparison.conditionB(), m.measure(), m.medianA(), m.medianB(), m.p(), m.test());
            }
        }
        for (int i = 0; i < lights.size(); i++) {
            LightComparison.Result l = lights.get(i);
            w.printf(Locale.ROOT, "%s light-on vs light-off (fit on light-off events): residual SD median %.4f on vs"
                            + " %.4f off (ratio %.3f, signed-rank p %.4f, %d neurons); light-on mean residual median"
                            + " %.4f (p %.4f)%n", lightLabels.get(i), l.medianOnSd(), l.medianOffSd(), l.medianSdRatio(),
                    l.pSd(), l.comparedNeurons(), l.medianOnMean(), l.pOnMean());
            written.add(writeLightCsv(out, lightLabels.get(i), i, l));
        }
        w.println("report: " + out.resolve("summary.md") + " (" + written.size() + " files)");
        if (json) {
            Map<String, Object> m = json(results, comparison);
            m.put("light", lights.isEmpty() ? null : lightJson(lightLabels, lights));
            w.println(Json.line(m));
        }
        return 0;
    }

    private static Path writeLightCsv(Path out, String label, int index, LightComparison.Result l) {
        Path f = out.resolve(index == 0 ? "light.csv" : "light-" + (index + 1) + ".csv");
        StringBuilder b = new StringBuilder("# " + label + ": fit on light-off events, residuals of both against it\n");
        b.append("neuron,role,off_events,on_events,slope,intercept,off_sd,on_sd,on_mean\n");
        for (LightComparison.Neuron n : l.neurons()) {
            b.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f%n", n.neuron(),
                    Pairs.roleName(n.role()), n.offEvents(), n.onEvents(), n.slope(), n.intercept(), n.offSd(), n.onSd(),
                    n.onMean()));
        }
        try {
            java.nio.file.Files.writeString(f, b);
        } catch (java.io.IOException e) {
            throw new UserException(f + ": cannot write: " + e.getMessage());
        }
        return f;
    }

    static List<Object> lightJson(List<String> labels, List<LightComparison.Result> lights) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < lights.size(); i++) {
            LightComparison.Result l = lights.get(i);
            Map<String, Object> m = Json.object();
            m.put("condition", labels.get(i));
            m.put("off_frames", l.offFrames());
            m.put("on_frames", l.onFrames());
            m.put("neurons_compared", l.comparedNeurons());
            m.put("median_off_sd", Json.number(l.medianOffSd()));
            m.put("median_on_sd", Json.number(l.medianOnSd()));
            m.put("median_sd_ratio", Json.number(l.medianSdRatio()));
            m.put("p_sd", Json.number(l.pSd()));
            m.put("median_on_mean", Json.number(l.medianOnMean()));
            m.put("p_on_mean", Json.number(l.pOnMean()));
            m.put("test", "signed-rank");
            List<Object> neurons = new ArrayList<>();
            for (LightComparison.Neuron n : l.neurons()) {
                Map<String, Object> k = Json.object();
                k.put("neuron", n.neuron());
                k.put("role", Pairs.roleName(n.role()));
                k.put("off_events", n.offEvents());
                k.put("on_events", n.onEvents());
                k.put("slope", Json.number(n.slope()));
                k.put("off_sd", Json.number(n.offSd()));
                k.put("on_sd", Json.number(n.onSd()));
                k.put("on_mean", Json.number(n.onMean()));
                neurons.add(k);
            }
            m.put("neurons", neurons);
            list.add(m);
        }
        return list;
    }

    private ResidualAnalysis.Result analyse(RecordedResiduals rec, String label) {
        return ResidualAnalysis.run(rec, label, blocks, NetworkOptions.defaults().withSeed(seed),
                TaskOptions.defaults().withSeed(seed));
    }

    private static String flips(ResidualAnalysis.Result r) {
        StringBuilder b = new StringBuilder();
        for (SignFlip f : r.task().flips()) {
            if (f.flipped()) b.append(b.isEmpty() ? "" : ", ").append(f.regressor());
        }
        return b.isEmpty() ? "in none of the regressors" : "in " + b;
    }

    private static void progress(String label, int file, long done, long total) {
        int width = 30, filled = (int) (total == 0 ? width : done * width / total);
        System.err.printf(Locale.ROOT, "\r%s [%s%s] %3d%%", label, "#".repeat(filled), " ".repeat(width - filled),
                total == 0 ? 100 : done * 100 / total);
    }

    static Map<String, Object> json(List<ResidualAnalysis.Result> results, ComparisonResult comparison) {
        Map<String, Object> m = Json.object();
        List<Object> conditions = new ArrayList<>();
        for (ResidualAnalysis.Result r : results) {
            Map<String, Object> c = Json.object();
            c.put("condition", r.condition());
            c.put("file", r.recording().file().toString());
            c.put("stream", r.recording().streamName());
            c.put("frames", r.recording().frames());
            c.put("events", r.data().events().size());
            c.put("network_predictors", r.network().predictorKind());
            List<Object> neurons = new ArrayList<>();
            for (ResidualAnalysis.NeuronFit f : r.fits()) {
                Map<String, Object> n = Json.object();
                n.put("neuron", f.neuron());
                n.put("role", Pairs.roleName(f.role()));
                n.put("slope", Json.number(f.slope()));
                n.put("intercept", Json.number(f.intercept()));
                n.put("session_slope", Json.number(f.sessionSlope()));
                List<Object> bs = new ArrayList<>();
                for (double b : f.blockSlopes()) bs.add(Json.number(b));
                n.put("block_slopes", bs);
                n.put("events", f.events());
                n.put("reference_events", f.referenceEvents());
                n.put("residual_sd", Json.number(f.residualSd()));
                n.put("amplified", f.amplified());
                n.put("attenuated", f.attenuated());
                NeuronNetworkFit net = r.network().neurons().get(f.pair());
                n.put("network_r2", Json.number(net.r2()));
                n.put("network_r2_control", Json.number(net.r2Control()));
                if (r.task() != null) {
                    NeuronTaskFit t = r.task().neurons().get(f.pair());
                    Map<String, Object> task = new LinkedHashMap<>();
                    for (int i = 0; i < r.task().regressors().size(); i++) {
                        Map<String, Object> k = Json.object();
                        k.put("coefficient", Json.number(t.coefficients()[i]));
                        k.put("p", Json.number(t.p()[i]));
                        task.put(r.task().regressors().get(i), k);
                    }
                    n.put("task", task);
                } else {
                    n.put("task", null);
                }
                neurons.add(n);
            }
            c.put("neurons", neurons);
            if (r.task() != null) {
                List<Object> groups = new ArrayList<>();
                for (GroupTaskEffect g : r.task().groups()) {
                    Map<String, Object> k = Json.object();
                    k.put("group", Pairs.roleName(g.role()));
                    k.put("regressor", g.regressor());
                    k.put("neurons", g.neurons());
                    k.put("mean", Json.number(g.mean()));
                    k.put("p", Json.number(g.p()));
                    groups.add(k);
                }
                c.put("task_groups", groups);
                List<Object> flips = new ArrayList<>();
                for (SignFlip f : r.task().flips()) {
                    Map<String, Object> k = Json.object();
                    k.put("regressor", f.regressor());
                    k.put("mean_plus", Json.number(f.meanPlus()));
                    k.put("mean_minus", Json.number(f.meanMinus()));
                    k.put("p", Json.number(f.pRoleLabels()));
                    k.put("flipped", f.flipped());
                    flips.add(k);
                }
                c.put("sign_flips", flips);
            }
            conditions.add(c);
        }
        m.put("conditions", conditions);
        // the first recording's neurons at the top level, as scripts most often want them
        m.put("neurons", ((Map<?, ?>) conditions.getFirst()).get("neurons"));
        if (comparison != null) {
            Map<String, Object> c = Json.object();
            c.put("a", comparison.conditionA());
            c.put("b", comparison.conditionB());
            c.put("paired", comparison.paired());
            List<Object> measures = new ArrayList<>();
            for (MeasureComparison x : comparison.measures()) {
                Map<String, Object> k = Json.object();
                k.put("measure", x.measure());
                k.put("neurons", x.neurons());
                k.put("median_a", Json.number(x.medianA()));
                k.put("median_b", Json.number(x.medianB()));
                k.put("ratio", Json.number(x.ratio()));
                k.put("p", Json.number(x.p()));
                k.put("test", x.test());
                measures.add(k);
            }
            c.put("measures", measures);
            m.put("comparison", c);
        } else {
            m.put("comparison", null);
        }
        return m;
    }

    private static double median(double[] v) {
        double[] s = java.util.Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
