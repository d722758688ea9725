package org.apical.residual;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded sessions with known truth. A few slow latent network drives (AR(1), τ ≈ 1 s) shape every soma and
 * dendrite channel; each neuron's residuals are {@code scale · (w_i · its own projection of the latents' window
 * mean + role · task effect + noise)}; trials run an error trace in 15° steps from 90° to a hit at 0° or a time-out.
 */
final class Synthetic {
    /** True task effect per regressor for a P+ neuron, in residual-noise SDs; P− gets the negative, others 0. */
    static final double AFTER_HIT = 0.8, BEFORE_HIT = 0.5, ERROR_RATE = -1.5;

    /**
     * @param network per neuron, the SD of its network-driven residual part relative to the noise SD
     * @param task    gain of the role-signed task effects (0: none)
     * @param scale   multiplies every residual (e.g. 0.5 for "anaesthesia")
     */
    record Spec(String condition, int neurons, double minutes, double[] network, double task, double scale,
                double eventRateHz, long seed) {
        Spec withScale(double s, String name) { return new Spec(name, neurons, minutes, network, task, s, eventRateHz, seed); }
        Spec withSeed(long s) { return new Spec(condition, neurons, minutes, network, task, scale, eventRateHz, s); }
    }

    static final double RATE = 30;
    static final int LATENTS = 3;

    private Synthetic() {}

    static int role(int i, int neurons) {
        int q = Math.max(1, neurons / 4);
        return i < q ? Roles.PLUS : i < 2 * q ? Roles.MINUS : Roles.NONE;
    }

    static ResidualData session(Spec s) {
        SplittableRandom rng = new SplittableRandom(s.seed());
        int t = (int) (s.minutes() * 60 * RATE), n = s.neurons(), c = 2 * n;
        double[] times = new double[t];
        for (int f = 0; f < t; f++) times[f] = 100 + f / RATE;
        double[][] latent = new double[t][LATENTS];
        double phi = Math.exp(-1 / RATE);
        for (int k = 0; k < LATENTS; k++) {
            double v = gaussian(rng);
            for (int f = 0; f < t; f++) { v = phi * v + Math.sqrt(1 - phi * phi) * gaussian(rng); latent[f][k] = v; }
        }
        double[][] load = new double[c][LATENTS];
        for (double[] l : load) for (int k = 0; k < LATENTS; k++) l[k] = gaussian(rng);
        double[][] activity = new double[t][c];
        for (int f = 0; f < t; f++) {
            for (int ch = 0; ch < c; ch++) {
                double v = 0.2;
                for (int k = 0; k < LATENTS; k++) v += 0.1 * load[ch][k] * latent[f][k];
                activity[f][ch] = v + 0.05 * gaussian(rng);
            }
        }
        int[] soma = new int[n], dend = new int[n], roles = new int[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) { soma[i] = 2 * i; dend[i] = 2 * i + 1; roles[i] = role(i, n); ids[i] = "n" + i; }

        double[] error = new double[t];
        List<Outcome> outcomes = new ArrayList<>();
        trials(rng, times, error, outcomes);
        double[] rate = errorRate(error, times);
        double[] hits = outcomes.stream().filter(Outcome::hit).mapToDouble(Outcome::time).toArray();

        int before = (int) RATE, after = (int) (RATE / 2);
        List<ResidualEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] u = new double[LATENTS];
            double norm = 0;
            for (int k = 0; k < LATENTS; k++) { u[k] = gaussian(rng); norm += u[k] * u[k]; }
            for (int k = 0; k < LATENTS; k++) u[k] /= Math.sqrt(norm);
            int f = (int) (RATE * rng.nextDouble() * 5);
            while (f < t) {
                double drive = 0;
                int lo = Math.max(0, f - before), hi = Math.min(t - 1, f + after);
                for (int g = lo; g <= hi; g++) for (int k = 0; k < LATENTS; k++) drive += u[k] * latent[g][k];
                drive /= (hi - lo + 1) * 0.75; // the window mean of a unit AR(1) has SD ≈ 0.75
                double task = 0;
                if (s.task() != 0 && roles[i] != 0) {
                    double tau = times[f];
                    boolean afterHit = false, beforeHit = false;
                    for (double h : hits) {
                        if (tau >= h && tau - h < 2) afterHit = true;
                        if (h > tau && h - tau <= 2) beforeHit = true;
                    }
                    task = roles[i] * s.task() * ((afterHit ? AFTER_HIT : 0) + (beforeHit ? BEFORE_HIT : 0)
                            + ERROR_RATE * rate[f] / 90);
                }
                double residual = s.scale() * (s.network()[i] * drive + task + gaussian(rng));
                double somaAmp = 0.5 + rng.nextDouble();
                double predicted = 0.1 + 0.8 * somaAmp;
                events.add(new ResidualEvent(i, f, times[f], somaAmp, predicted + residual, predicted, residual));
                f += (int) (RATE * (1 + exponential(rng, 1 / s.eventRateHz())));
            }
        }
        return new ResidualData(s.condition(), RATE, times, activity, soma, dend, ids, roles, events, error, outcomes);
    }

    /** 3 s grey ITI (NaN), then up to 20 s of a 15°-step error walk from 90°: a hit at 0°, else a time-out. */
    private static void trials(SplittableRandom rng, double[] times, double[] error, List<Outcome> outcomes) {
        int t = times.length, f = 0;
        Arrays.fill(error, Double.NaN);
        while (true) {
            f += (int) (3 * RATE);
            if (f >= t) return;
            double e = 90;
            int end = Math.min(t, f + (int) (20 * RATE));
            boolean hit = false;
            for (; f < end; f++) {
                error[f] = e;
                double u = rng.nextDouble();
                if (u < 0.03) e = Math.max(0, e - 15); else if (u < 0.05) e = Math.min(90, e + 15);
                if (e == 0) { hit = true; f++; break; }
            }
            if (f >= t) return;
            outcomes.add(new Outcome(times[f], hit));
        }
    }

    /** Centred slope over ±0.5 s inside the trial (deg/s), 0 outside: the truth the task effect is built on. */
    static double[] errorRate(double[] error, double[] times) {
        int t = error.length, half = (int) (RATE / 2);
        double[] rate = new double[t];
        for (int f = 0; f < t; f++) {
            if (!Double.isFinite(error[f])) continue;
            int a = f, b = f;
            while (a > f - half && a > 0 && Double.isFinite(error[a - 1])) a--;
            while (b < f + half && b + 1 < t && Double.isFinite(error[b + 1])) b++;
            rate[f] = b > a ? (error[b] - error[a]) / (times[b] - times[a]) : 0;
        }
        return rate;
    }

    static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    private static double exponential(SplittableRandom rng, double mean) { return -mean * Math.log(1 - rng.nextDouble()); }
}
