package org.apical.residual;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The offline network prediction (finding 2) at the size of a one-hour, 1,000-ROI session: 500 soma–dendrite
 * pairs at 30 Hz (108,000 frames × 1,000 channels), about 1,000 events per neuron; its {@code main} also times
 * the task encoding (finding 3) of the same session. Run with
 * {@code ./apical bench jmh NetworkPredictionBenchmark}, or its {@code main} for one timed run (needs about 3 GB
 * of heap: the activity alone is 0.9 GB).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class NetworkPredictionBenchmark {
    static final int PAIRS = 500;
    static final double RATE = 30, SECONDS = 3600;

    private ResidualData data;

    @Setup(Level.Trial)
    public void setUp() { data = session(PAIRS, SECONDS, 7); }

    @Benchmark
    public NetworkResult networkPrediction() { return NetworkPrediction.run(data, NetworkOptions.defaults()); }

    /** Latent-driven channels (8 slow drives) and residuals partly driven by them. */
    static ResidualData session(int pairs, double seconds, long seed) {
        int t = (int) (seconds * RATE), c = 2 * pairs, latents = 8;
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] latent = new double[t][latents];
        double phi = Math.exp(-1 / RATE);
        for (int k = 0; k < latents; k++) {
            double v = 0;
            for (int f = 0; f < t; f++) { v = phi * v + Math.sqrt(1 - phi * phi) * (rng.nextDouble() - 0.5) * 3.46; latent[f][k] = v; }
        }
        double[][] load = new double[c][latents];
        for (double[] l : load) for (int k = 0; k < latents; k++) l[k] = rng.nextDouble() - 0.5;
        long[] seeds = rng.longs(t).toArray();
        double[][] activity = new double[t][];
        IntStream.range(0, t).parallel().forEach(f -> {
            SplittableRandom r = new SplittableRandom(seeds[f]);
            double[] row = new double[c];
            for (int ch = 0; ch < c; ch++) {
                double v = 0.2 + 0.05 * (r.nextDouble() - 0.5);
                for (int k = 0; k < latents; k++) v += 0.1 * load[ch][k] * latent[f][k];
                row[ch] = v;
            }
            activity[f] = row;
        });
        double[] times = new double[t];
        for (int f = 0; f < t; f++) times[f] = f / RATE;
        int[] soma = new int[pairs], dend = new int[pairs], roles = new int[pairs];
        String[] ids = new String[pairs];
        List<ResidualEvent> events = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            soma[i] = 2 * i;
            dend[i] = 2 * i + 1;
            ids[i] = "n" + i;
            roles[i] = i < 5 ? 1 : i < 10 ? -1 : 0;
            int k = rng.nextInt(latents);
            for (int f = rng.nextInt(60); f < t; f += 60 + rng.nextInt(90)) { // one event per 3.5 s: ~1,000 an hour
                double r = (i % 2 == 0 ? latent[f][k] : 0) + (rng.nextDouble() - 0.5) * 3.46;
                events.add(new ResidualEvent(i, f, times[f], 1, 1 + r, 1, r));
            }
        }
        // 25 s trials every 30 s, the error falling from 90° in 15° steps; every other trial a hit
        double[] error = new double[t];
        java.util.Arrays.fill(error, Double.NaN);
        List<Outcome> outcomes = new ArrayList<>();
        int period = (int) (30 * RATE), trial = (int) (25 * RATE);
        for (int start = 0, k = 0; start + trial < t; start += period, k++) {
            for (int f = 0; f < trial; f++) error[start + f] = 90 - 15 * Math.floor(f / (trial / 6.0));
            outcomes.add(new Outcome(times[start + trial], k % 2 == 0));
        }
        return new ResidualData("bench", RATE, times, activity, soma, dend, ids, roles, events, error, outcomes);
    }

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : PAIRS;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : SECONDS;
        long g0 = System.nanoTime();
        ResidualData d = session(pairs, seconds, 7);
        long g1 = System.nanoTime();
        System.out.printf("session: %d pairs, %d frames x %d channels, %d events (generated in %.1f s)%n",
                d.pairs(), d.frames(), d.channels(), d.events().size(), (g1 - g0) / 1e9);
        long f0 = System.nanoTime();
        int[][] frames = d.eventsByPair().stream().map(l -> l.stream().mapToInt(ResidualEvent::frame).toArray())
                .toArray(int[][]::new);
        NetworkFeatures features = NetworkFeatures.of(d, NetworkOptions.defaults(), frames, new int[6]);
        System.out.printf("of which predictors (%s): %.2f s%n", features.kind(), (System.nanoTime() - f0) / 1e9);
        for (int run = 0; run < 2; run++) {
            long a = System.nanoTime();
            NetworkResult r = NetworkPrediction.run(d, NetworkOptions.defaults());
            long b = System.nanoTime();
            System.out.printf("network prediction (%s, %d predictors, %d control shifts): %.2f s; median R² %.3f, control %.3f%n",
                    r.predictorKind(), r.predictors(), r.shiftFrames().length, (b - a) / 1e9, r.medianR2(), r.medianR2Control());
            long c = System.nanoTime();
            TaskResult task = TaskEncoding.run(d, TaskOptions.defaults());
            System.out.printf("task encoding (%d regressors, %d timeline shifts): %.2f s%n", task.regressors().size(),
                    task.shiftFrames().length, (System.nanoTime() - c) / 1e9);
        }
    }
}
