package org.apical.cli;

import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apical.information.CholeskyFactor;
import org.apical.information.FisherInformation;
import org.apical.information.InformationEstimate;
import org.apical.information.PopulationMoments;
import org.apical.information.Scatter;
import org.apical.information.TrialMatrix;
import org.apical.sim.CoupledPopulation;
import org.apical.sim.CoupledSampler;
import org.apical.sim.CoupledSpec;
import org.apical.sim.CoupledTruth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.apical.core.UserException;

/**
 * {@code apical bench information}: I_real, I_shuffle and I_redundancy with bias correction for a large
 * population (default 1,000 neurons × 10,000 trials per condition, drawn from the coupled model), timed per
 * stage. Figures are printed, never asserted.
 */
@Command(name = "information", mixinStandardHelpOptions = true,
        description = "Time the information estimators on a large simulated population (goal: < 5 s for all three"
                + " measures with bias correction at 1,000 neurons × 10,000 trials).")
public final class InformationBenchCommand implements Callable<Integer> {
    @Option(names = "--neurons", defaultValue = "1000", description = "Neurons (default ${DEFAULT-VALUE}).")
    int neurons;

    @Option(names = "--trials", defaultValue = "10000", description = "Trials per condition (default ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed repeats; the best is reported (default"
            + " ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object with the figures as the last line.")
    boolean json;

    @Override
    public Integer call() {
        if (neurons < 2 || trials < 2 || repeats < 1) throw new UserException("--neurons, --trials ≥ 2 and --repeats ≥ 1");
        if (2L * trials <= neurons + 3) {
            throw new UserException("--trials " + trials + " is too few for " + neurons + " neurons (2T must exceed N + 3)");
        }
        System.out.printf(Locale.ROOT, "bench information: %d neurons × %d trials per condition, %d cores%n",
                neurons, trials, Runtime.getRuntime().availableProcessors());
        long t = System.nanoTime();
        CoupledPopulation pop = CoupledPopulation.of(CoupledSpec.defaults(neurons, seed).withCoupling(1.2, 1.0));
        CoupledSampler sampler = new CoupledSampler(pop);
        SplittableRandom rng = new SplittableRandom(seed);
        TrialMatrix a = sampler.sample("A", 0, trials, rng), b = sampler.sample("B", 1, trials, rng);
        double simulate = seconds(t);
        t = System.nanoTime();
        CoupledTruth truth = pop.exact();
        double exact = seconds(t);
        System.out.printf(Locale.ROOT, "  simulate trials        %8.3f s (not part of the estimate)%n", simulate);
        System.out.printf(Locale.ROOT, "  exact model values     %8.3f s (not part of the estimate)%n", exact);

        double bestMoments = Double.MAX_VALUE, bestEstimate = Double.MAX_VALUE, bestTotal = Double.MAX_VALUE;
        double bestChol = Double.MAX_VALUE, bestSolve = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
        double bestScatter = Double.MAX_VALUE;
        double[] centred = centred(a, b);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        InformationEstimate e = null;
        for (int r = 0; r < repeats; r++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            PopulationMoments m = PopulationMoments.of(a, b);
            long t1 = System.nanoTime();
            e = FisherInformation.of(m, 1.0);
            long t2 = System.nanoTime();
            double cpu = (os.getProcessCpuTime() - c0) / 1e9;
            CholeskyFactor f = CholeskyFactor.of(m.covariance(), neurons, "bench covariance");
            long t3 = System.nanoTime();
            f.quadraticForm(m.tuningDerivative(1.0));
            long t4 = System.nanoTime();
            double moments = (t1 - t0) / 1e9, estimate = (t2 - t1) / 1e9;
            System.out.printf(Locale.ROOT, "  repeat %d: means + pooled covariance %.3f s, I_real + I_shuffle +"
                    + " corrections %.3f s (Cholesky %.3f s, solve %.4f s), total %.3f s%n", r + 1, moments, estimate,
                    (t3 - t2) / 1e9, (t4 - t3) / 1e9, moments + estimate);
            System.out.printf(Locale.ROOT, "            process CPU time for the total %.3f s (all cores; compare"
                    + " with the wall time to see competing load)%n", cpu);
            bestCpu = Math.min(bestCpu, cpu);
            bestMoments = Math.min(bestMoments, moments);
            bestEstimate = Math.min(bestEstimate, estimate);
            bestChol = Math.min(bestChol, (t3 - t2) / 1e9);
            bestSolve = Math.min(bestSolve, (t4 - t3) / 1e9);
            bestTotal = Math.min(bestTotal, moments + estimate);
            long s0 = System.nanoTime();
            Scatter.of(centred, 2 * trials, neurons, null);
            bestScatter = Math.min(bestScatter, seconds(s0));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double gflops = Scatter.flops(2 * trials, neurons) / bestScatter / 1e9;
        double ghz = clockGhz();
        double peak = cores * Scatter.lanes() * 2 * ghz;
        System.out.printf(Locale.ROOT, "  pooled scatter alone   %8.3f s: %.1f GFLOP/s; machine peak %s (%d cores × %d doubles"
                        + " per vector × 2 for a fused multiply-add × %s GHz, one FMA unit per core)%n", bestScatter,
                gflops, ghz > 0 ? String.format(Locale.ROOT, "%.1f GFLOP/s", peak) : "unknown", cores, Scatter.lanes(),
                ghz > 0 ? String.format(Locale.ROOT, "%.2f", ghz) : "?");
        System.out.printf(Locale.ROOT, "  best total %.3f s (goal < 5 s)%n", bestTotal);
        System.out.printf(Locale.ROOT, "  I_real %.4f (model %.4f), I_shuffle %.4f (model %.4f), I_redundancy %.4f"
                        + " (model %.4f)%n", e.realCorrected(), truth.real(), e.shuffleCorrected(), truth.shuffle(),
                e.redundancyCorrected(), truth.redundancy());
        if (json) {
            Map<String, Object> j = Json.object();
            j.put("bench", "information");
            j.put("neurons", neurons);
            j.put("trials_per_condition", trials);
            j.put("cores", Runtime.getRuntime().availableProcessors());
            j.put("repeats", repeats);
            j.put("simulate_s", simulate);
            j.put("moments_s", bestMoments);
            j.put("estimate_s", bestEstimate);
            j.put("cholesky_s", bestChol);
            j.put("solve_s", bestSolve);
            j.put("total_s", bestTotal);
            j.put("total_cpu_s", bestCpu);
            j.put("scatter_s", bestScatter);
            j.put("scatter_gflops", Math.round(gflops * 10) / 10.0);
            j.put("peak_gflops", ghz > 0 ? Math.round(peak * 10) / 10.0 : null);
            j.put("vector_lanes", Scatter.lanes());
            j.put("clock_ghz", ghz > 0 ? ghz : null);
            j.put("goal_s", 5.0);
            j.put("real_bc", Json.number(e.realCorrected()));
            j.put("shuffle_bc", Json.number(e.shuffleCorrected()));
            j.put("redundancy_bc", Json.number(e.redundancyCorrected()));
            j.put("truth_real", Json.number(truth.real()));
            j.put("truth_shuffle", Json.number(truth.shuffle()));
            System.out.println(Json.line(j));
        }
        return 0;
    }

    private static double seconds(long since) { return (System.nanoTime() - since) / 1e9; }

    /** Both conditions' trials minus their means, row after row: the pooled scatter's input. */
    private static double[] centred(TrialMatrix a, TrialMatrix b) {
        int n = a.neurons();
        double[] out = new double[(a.trials() + b.trials()) * n];
        int at = 0;
        for (TrialMatrix m : new TrialMatrix[] {a, b}) {
            double[] mu = new double[n];
            double[] v = m.values();
            for (int t = 0; t < m.trials(); t++) for (int i = 0; i < n; i++) mu[i] += v[t * n + i] / m.trials();
            for (int t = 0; t < m.trials(); t++) for (int i = 0; i < n; i++) out[at++] = v[t * n + i] - mu[i];
        }
        return out;
    }

    /**
     * The processor's clock in GHz as the system reports it (Linux: /proc/cpuinfo "cpu MHz"; the JDK has no call
     * for it), or 0 when it cannot be told.
     */
    static double clockGhz() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("cpu MHz")) return Double.parseDouble(line.substring(line.indexOf(':') + 1).trim()) / 1000;
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
