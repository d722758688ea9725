package org.apical.residual;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Finding 2: per neuron, a cross-validated ridge regression ({@link Ridge}) predicting its event residuals from
 * the mean activity of the other neurons' channels in a window around each event ({@link NetworkFeatures}).
 *
 * <p>The control takes the same neuron's residuals and predictors read at circularly shifted frames
 * ({@code (frame + s) mod T}, s between 10 % and 90 % of the recording): it keeps the autocorrelation of both
 * sides and every marginal distribution, and breaks only their alignment in time, so what remains of its R² is
 * what a model of that size finds by chance. The same shifts serve every neuron (drawn once from the seed),
 * neurons are fitted in parallel, and the result does not depend on scheduling.
 */
public final class NetworkPrediction {
    private NetworkPrediction() {}

    public static NetworkResult run(ResidualData d, NetworkOptions o) { return run(d, o, n -> {}); }

    /** @param progress called with the number of neurons fitted so far, from worker threads (must be thread-safe) */
    public static NetworkResult run(ResidualData d, NetworkOptions o, IntConsumer progress) {
        if (d.pairs() < 2) {
            throw new IllegalArgumentException("network prediction of '" + d.condition() + "' needs at least 2"
                    + " soma–dendrite pairs (there is " + d.pairs() + "): a neuron is predicted from the others");
        }
        int t = d.frames();
        if (t < 10) throw new IllegalArgumentException("network prediction of '" + d.condition() + "': only " + t + " frames");
        SplittableRandom rng = new SplittableRandom(o.seed() ^ 0x5eed5eedL);
        int[] shifts = new int[o.controlShifts() + 1]; // shifts[0] = 0: the real alignment
        int lo = Math.max(1, t / 10), span = Math.max(1, t - 2 * lo);
        for (int s = 1; s < shifts.length; s++) shifts[s] = lo + rng.nextInt(span);
        List<List<ResidualEvent>> byPair = d.eventsByPair();
        int[][] frames = new int[d.pairs()][];
        for (int i = 0; i < frames.length; i++) frames[i] = byPair.get(i).stream().mapToInt(ResidualEvent::frame).toArray();
        NetworkFeatures features = NetworkFeatures.of(d, o, frames, shifts);
        NeuronNetworkFit[] fits = new NeuronNetworkFit[d.pairs()];
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, d.pairs()).parallel().forEach(i -> {
            fits[i] = fit(d, o, features, i, byPair.get(i));
            progress.accept(done.incrementAndGet());
        });

        List<NeuronNetworkFit> neurons = List.of(fits);
        List<Double> r2 = new ArrayList<>(), control = new ArrayList<>();
        for (NeuronNetworkFit f : neurons) {
            if (Double.isFinite(f.r2())) { r2.add(f.r2()); control.add(f.r2Control()); }
        }
        double[] a = r2.stream().mapToDouble(Double::doubleValue).toArray();
        double[] c = control.stream().mapToDouble(Double::doubleValue).toArray();
        double[] diff = new double[a.length];
        for (int i = 0; i < a.length; i++) diff[i] = a[i] - c[i];
        return new NetworkResult(d.condition(), neurons, features.kind(), features.predictors(0),
                java.util.Arrays.copyOfRange(shifts, 1, shifts.length),
                RankTests.median(a), RankTests.median(c), RankTests.signedRank(diff, o.seed()), o);
    }

    private static NeuronNetworkFit fit(ResidualData d, NetworkOptions o, NetworkFeatures features, int pair,
                                        List<ResidualEvent> events) {
        String id = d.neuronIds()[pair];
        int role = d.roles()[pair], n = events.size(), p = features.predictors(pair);
        if (n < o.minEvents()) {
            return new NeuronNetworkFit(pair, id, role, n, p, Double.NaN, Double.NaN, new double[0], Double.NaN,
                    "too few events: " + n + " (needs " + o.minEvents() + ")");
        }
        double[] y = new double[n];
        for (int e = 0; e < n; e++) y[e] = events.get(e).residual();
        Ridge.Fit real = Ridge.crossValidate(features.rows(pair, 0), y, o.folds());
        double[] controls = new double[o.controlShifts()];
        for (int s = 0; s < controls.length; s++) controls[s] = Ridge.crossValidate(features.rows(pair, s + 1), y, o.folds()).r2();
        double mean = 0;
        for (double c : controls) mean += c;
        mean /= controls.length;
        return new NeuronNetworkFit(pair, id, role, n, p, real.r2(), mean, controls, real.medianAlpha(), "");
    }
}
