package org.apical.residual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apical.config.ResidualSection;
import org.apical.config.SimSection;
import org.apical.sim.SimulatedPopulation;
import org.junit.jupiter.api.Test;

/**
 * The online residuals against the simulated rig's known truth: the same tracker the live stage runs, fed a seeded
 * simulated population frame by frame, with the simulation's noiseless calcium and residual ρ beside it.
 */
class ResidualTruthTest {
    static final double RATE = 30;
    static final int NEURONS = 20;

    /** A seeded population and the tracker over it, run for {@code seconds} with a baseline of {@code baseline} s. */
    static final class Run {
        final SimulatedPopulation pop;
        final ResidualTracker tracker;
        final List<ResidualEvent> events = new ArrayList<>();
        final double[][] trace, truth;
        final int frames, baselineFrames;

        Run(double residualGain, boolean anaesthesia, double seconds, double baseline, double rewardEvery) {
            SimSection spec = new SimSection(NEURONS, RATE, 7, new int[] {0, 1, 2, 3, 4}, new int[] {5, 6, 7, 8, 9},
                    0.0, 0.05, residualGain, anaesthesia);
            pop = new SimulatedPopulation(spec);
            int[] somas = new int[NEURONS], dendrites = new int[NEURONS];
            for (int i = 0; i < NEURONS; i++) {
                somas[i] = i;
                dendrites[i] = NEURONS + i;
            }
            tracker = new ResidualTracker(ResidualSection.defaults(), RATE, somas, dendrites);
            frames = (int) (seconds * RATE);
            baselineFrames = (int) (baseline * RATE);
            trace = new double[NEURONS][frames];
            truth = new double[NEURONS][frames];
            double[] raw = new double[2 * NEURONS];
            int rewardFrames = (int) (rewardEvery * RATE);
            for (int f = 0; f < frames; f++) {
                if (f > baselineFrames && rewardFrames > 0 && f % rewardFrames == 0) pop.reward();
                pop.step(raw, false);
                tracker.step(f / RATE, raw, f < baselineFrames, events::add);
                for (int i = 0; i < NEURONS; i++) {
                    trace[i][f] = tracker.trace()[i];
                    // the dendrite's true calcium beyond what the fitted line predicts from the soma's, in the
                    // pipeline's dF/F units (its F0 estimates against the simulation's resting fluorescence)
                    double line = tracker.fit(i).ready() ? tracker.fit(i).slope() / f0Ratio(i) : Double.NaN;
                    truth[i][f] = pop.dendriteCalcium(i) - line * pop.somaCalcium(i);
                }
            }
        }

        /** How the pipeline's dF/F scales the dendrite relative to the soma: (F0_d/F0̂_d) / (F0_s/F0̂_s). */
        double f0Ratio(int i) {
            return (pop.dendriteF0(i) / tracker.dendriteBaseline(i)) / (pop.somaF0(i) / tracker.somaBaseline(i));
        }

        double residualSd(int pair, int fromFrame) {
            double s = 0, s2 = 0;
            int n = 0;
            for (ResidualEvent e : events) {
                if (e.pair() != pair || e.frame() < fromFrame || Double.isNaN(e.residual())) continue;
                s += e.residual();
                s2 += e.residual() * e.residual();
                n++;
            }
            return Math.sqrt(s2 / n - (s / n) * (s / n));
        }
    }

    @Test
    void slopesAreRecoveredWithinFivePercent() {
        // with no residual drive the truth of every line is β exactly (ρ shares latent drives with the neuron's own
        // firing otherwise, so no fit of D on S can return β itself: see docs/residuals.md)
        Run run = new Run(0, false, 3600, 3590, 0);
        for (int i = 0; i < NEURONS; i++) {
            PairFit fit = run.tracker.fit(i);
            assertTrue(fit.ready(), "neuron " + i + " has a line");
            assertTrue(fit.events() >= 500, "neuron " + i + " fitted on " + fit.events() + " baseline events");
            double recovered = fit.slope() / run.f0Ratio(i);
            assertEquals(run.pop.beta(i), recovered, 0.05 * run.pop.beta(i), "neuron " + i + ": slope in true dF/F");
        }
    }

    @Test
    void theResidualTraceFollowsTheTrueResidual() {
        Run run = new Run(0.5, false, 1800, 300, 10);
        double sum = 0;
        for (int i = 0; i < NEURONS; i++) {
            double r = correlation(smooth(run.trace[i]), smooth(run.truth[i]), run.baselineFrames + 300, run.frames);
            sum += r;
            if (run.pop.role(i) != 0) assertTrue(r >= 0.9, "ensemble neuron " + i + ": correlation " + r);
        }
        assertTrue(sum / NEURONS >= 0.9, "mean correlation over all neurons " + sum / NEURONS);
    }

    @Test
    void eventsAreClassifiedByTheirResidualAgainstTheLine() {
        Run run = new Run(0.5, false, 1200, 300, 10);
        int judged = 0;
        for (ResidualEvent e : run.events) {
            PairFit fit = run.tracker.fit(e.pair());
            if (e.frame() < run.baselineFrames) {
                assertEquals(ResidualEvent.Kind.REFERENCE, e.kind(), "a baseline event shapes the line");
                continue;
            }
            judged++;
            assertEquals(e.dendrite() - fit.predict(e.soma()), e.residual(), 1e-12);
            double z = e.residual() / fit.residualSd();
            ResidualEvent.Kind expected = z > 2 ? ResidualEvent.Kind.AMPLIFIED : z < -2
                    ? ResidualEvent.Kind.ATTENUATED : ResidualEvent.Kind.NEITHER;
            assertEquals(expected, e.kind(), "event at frame " + e.frame() + ", z " + z);
        }
        assertTrue(judged > 5_000, judged + " events judged after the baseline");
        // rewards raise P+ residuals and lower P− residuals for a second or so in the simulation
        double[] afterReward = new double[2], otherwise = new double[2];
        int[] nAfter = new int[2], nOtherwise = new int[2];
        for (ResidualEvent e : run.events) {
            int role = run.pop.role(e.pair());
            if (role == 0 || e.frame() < run.baselineFrames || Double.isNaN(e.residual())) continue;
            int g = role > 0 ? 0 : 1;
            double sinceReward = (e.frame() % 300) / RATE; // a reward every 10 s, on frames divisible by 300
            if (sinceReward < 1) {
                afterReward[g] += e.residual();
                nAfter[g]++;
            } else if (sinceReward > 4) {
                otherwise[g] += e.residual();
                nOtherwise[g]++;
            }
        }
        double plusShift = afterReward[0] / nAfter[0] - otherwise[0] / nOtherwise[0];
        double minusShift = afterReward[1] / nAfter[1] - otherwise[1] / nOtherwise[1];
        assertTrue(plusShift > 0.02, "P+ residuals after a reward minus otherwise: " + plusShift);
        assertTrue(minusShift < -0.02, "P− residuals after a reward minus otherwise: " + minusShift);
    }

    @Test
    void anaesthesiaShrinksTheResidualSpread() {
        Run awake = new Run(0.5, false, 1200, 300, 10);
        Run anaesthetised = new Run(0.5, true, 1200, 300, 10);
        for (int i = 0; i < 10; i++) {
            double a = awake.residualSd(i, awake.baselineFrames), b = anaesthetised.residualSd(i, awake.baselineFrames);
            assertTrue(b < 0.8 * a, "ensemble neuron " + i + ": residual SD awake " + a + ", anaesthetised " + b);
        }
    }

    static double[] smooth(double[] v) {
        int w = (int) RATE;
        double[] out = new double[v.length];
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += Double.isNaN(v[i]) ? 0 : v[i];
            if (i >= w) sum -= Double.isNaN(v[i - w]) ? 0 : v[i - w];
            out[i] = Double.isNaN(v[i]) ? Double.NaN : sum / Math.min(i + 1, w);
        }
        return out;
    }

    static double correlation(double[] a, double[] b, int from, int to) {
        double ma = 0, mb = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) continue;
            ma += a[i];
            mb += b[i];
            n++;
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = from; i < to; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) continue;
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
