package org.apical.information;

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
 * The pooled scatter of {@code bench information} (1,000 neurons, 2 × 10,000 trials): the vector kernel against the
 * tiled loop it replaced, and the bootstrap's weighted form. {@code ./apical bench jmh ScatterBenchmark}; divide
 * {@link Scatter#flops} (2.0e10 here) by the time for GFLOP/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class ScatterBenchmark {
    @Param({"1000"})
    int neurons;

    @Param({"20000"})
    int rows;

    private double[] x;
    private double[] counts;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(1);
        x = new double[rows * neurons];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextGaussian();
        counts = new double[rows];
        for (int k = 0; k < rows; k++) counts[rng.nextInt(rows)] += 1;
    }

    @Benchmark
    public double[] vector() { return Scatter.of(x, rows, neurons, null); }

    @Benchmark
    public double[] tiled() { return Scatter.tiled(x, rows, neurons, null); }

    @Benchmark
    public double[] bootstrapWeights() { return Scatter.of(x, rows, neurons, counts); }
}
