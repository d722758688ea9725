package org.apical.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.config.ResidualSection;
import org.apical.config.SimSection;
import org.apical.core.LatencyHistogram;
import org.apical.residual.NetworkOptions;
import org.apical.residual.RecordedResiduals;
import org.apical.residual.ResidualAnalysis;
import org.apical.residual.ResidualTracker;
import org.apical.residual.TaskOptions;
import org.apical.sim.SimulatedPopulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code apical bench residuals}: the online residual update per frame for many soma–dendrite pairs (the live stage's
 * cost, off the decision thread), and the offline analysis of a long session recorded by the demo.
 */
@Command(name = "residuals", mixinStandardHelpOptions = true,
        description = {"Time the residual stage's update per frame (default 1,000 soma–dendrite",
                "pairs) and the offline analysis (apical analyze residuals) of a simulated",
                "session recorded by the demo (default one hour of 500 neurons: 1,000 ROIs).",
                "Figures are printed, not judged."})
public final class BenchResidualsCommand implements Callable<Integer> {

    @Option(names = "--pairs", defaultValue = "1000", description = "Pairs for the online update (default ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--minutes", defaultValue = "60", description = "Offline session length; 0 skips it"
            + " (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--neurons", defaultValue = "500", description = "Offline session neurons (2 ROIs each;"
            + " default ${DEFAULT-VALUE}).")
    int neurons;

    @Option(names = "--json", description = "One JSON object on the last line.")
    boolean json;

    @Override public Integer call() throws Exception {
        PrintStream out = System.out;
        Map<String, Object> m = Json.object();
        LatencyHistogram online = online(pairs);
        out.printf(Locale.ROOT, "online update, %d pairs per frame: mean %.1f µs, %s%n", pairs,
                online.meanNanos() / 1e3, online.describe());
        m.put("pairs", pairs);
        m.put("online_mean_us", Math.round(online.meanNanos() / 10.0) / 100.0);
        m.put("online_us", online.microseconds());
        if (minutes > 0) {
            Path dir = Files.createTempDirectory("apical-bench-residuals");
            Path file = dir.resolve("session.xdf");
            try {
                long t0 = System.nanoTime();
                record(file);
                double recordS = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                RecordedResiduals rec = RecordedResiduals.read(file, null, 300, null);
                double readS = (System.nanoTime() - t1) / 1e9;
                long t2 = System.nanoTime();
                ResidualAnalysis.Result r = ResidualAnalysis.run(rec, "bench", 4, NetworkOptions.defaults(),
                        TaskOptions.defaults());
                double analyseS = (System.nanoTime() - t2) / 1e9;
                out.printf(Locale.ROOT, "offline, %.0f min × %d ROIs (%.0f MB, %d events): read and detect %.2f s,"
                                + " fits + network + task %.2f s, total %.2f s (recording it took %.1f s)%n", minutes,
                        2 * neurons, Files.size(file) / 1e6, rec.events().size(), readS, analyseS, readS + analyseS,
                        recordS);
                m.put("offline_minutes", minutes);
                m.put("offline_rois", 2 * neurons);
                m.put("offline_events", rec.events().size());
                m.put("offline_read_s", round(readS));
                m.put("offline_analysis_s", round(analyseS));
                m.put("offline_total_s", round(readS + analyseS));
                m.put("network_predictors", r.network().predictorKind());
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        }
        if (json) out.println(Json.line(m));
        return 0;
    }

    /** Times the tracker over a minute of a simulated population's frames, after a warm-up pass over them. */
    static LatencyHistogram online(int pairs) {
        SimSection spec = new SimSection(pairs, 30, 1, new int[] {0, 1, 2, 3, 4}, new int[] {5, 6, 7, 8, 9}, 0, 0.05,
                0.5, false);
        SimulatedPopulation pop = new SimulatedPopulation(spec);
        int frames = 1800;
        double[][] raw = new double[frames][2 * pairs];
        for (double[] row : raw) pop.step(row, false);
        int[] somas = new int[pairs], dendrites = new int[pairs];
        for (int i = 0; i < pairs; i++) {
            somas[i] = i;
            dendrites[i] = pairs + i;
        }
        ResidualTracker tracker = new ResidualTracker(ResidualSection.defaults(), 30, somas, dendrites);
        LatencyHistogram h = new LatencyHistogram();
        long[] events = new long[1];
        ResidualTracker.Listener count = e -> events[0]++;
        for (int pass = 0; pass < 4; pass++) {
            for (int f = 0; f < frames; f++) {
                long t = System.nanoTime();
                tracker.step((pass * frames + f) / 30.0, raw[f], pass == 0 && f < 900, count);
                if (pass >= 2) h.record(System.nanoTime() - t);
            }
        }
        return h;
    }

    /** A simulated session of {@code neurons} neurons recorded by the demo, unpaced. */
    private void record(Path file) throws Exception {
        Path rig = file.resolveSibling("rig.yaml");
        Files.writeString(rig, Files.readString(UserFiles.resolve("rigs/sim.yaml"))
                .replace("neurons: 50", "neurons: " + neurons));
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream()));
        int code;
        try {
            code = Main.commandLine().execute("demo", "--rig", rig.toString(), "--speed", "max", "--duration",
                    Double.toString(minutes * 60), "--quiet", "--in-process", "--out", file.toString());
        } finally {
            System.setOut(stdout);
            Files.deleteIfExists(rig);
        }
        if (code != 0) throw new IllegalStateException("the demo that records the bench session exited " + code);
    }

    private static double round(double v) { return Math.round(v * 1000) / 1000.0; }
}
