package org.apical.residual;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One cross-validated ridge fit of the network prediction (about 1,000 events of a one-hour session, 32 principal
 * components or up to 64 raw channels, 5 folds): the blocks' Grams by the scatter kernel against the plain row loop
 * they replaced. {@code ./apical bench jmh RidgeBenchmark}, or its {@code main} for a quick timed comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"--add-modules=jdk.incubator.vector"})
public class RidgeBenchmark {
    @Param({"1000"})
    int events;

    @Param({"32", "64"})
    int predictors;

    private double[][] x;
    private double[] y;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(1);
        x = new double[events][predictors];
        y = new double[events];
        for (int r = 0; r < events; r++) {
            for (int j = 0; j < predictors; j++) x[r][j] = rng.nextGaussian();
            y[r] = x[r][0] + rng.nextGaussian();
        }
    }

    @Benchmark
    public Ridge.Fit kernel() { return Ridge.crossValidate(x, y, 5, Ridge.DEFAULT_ALPHAS, false); }

    @Benchmark
    public Ridge.Fit straightforward() { return Ridge.crossValidate(x, y, 5, Ridge.DEFAULT_ALPHAS, true); }

    /**
     * On a machine busy with other work, wall time measures the neighbours: this times each way by the thread's CPU
     * time, in alternating batches, and keeps each way's fastest batch.
     */
    public static void main(String[] args) {
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int p : new int[] {32, 64}) {
            RidgeBenchmark b = new RidgeBenchmark();
            b.events = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
            b.predictors = p;
            b.setUp();
            double bestKernel = Double.MAX_VALUE, bestPlain = Double.MAX_VALUE;
            int reps = 100;
            for (int batch = 0; batch < 40; batch++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) b.kernel();
                long t1 = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) b.straightforward();
                long t2 = cpu.getCurrentThreadCpuTime();
                if (batch >= 10) {
                    bestKernel = Math.min(bestKernel, (t1 - t0) / 1e3 / reps);
                    bestPlain = Math.min(bestPlain, (t2 - t1) / 1e3 / reps);
                }
            }
            System.out.printf("%d events × %d predictors: kernel %.0f µs, straightforward %.0f µs of CPU per fit (%.2f×)%n",
                    b.events, p, bestKernel, bestPlain, bestPlain / bestKernel);
        }
    }
}
