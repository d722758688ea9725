package org.apical.residual;

import org.apical.config.ConfigNode;
import org.apical.config.Problems;
import org.apical.config.ResidualSection;
import org.apical.config.SimSection;
import org.apical.sim.SimulatedPopulation;
import org.junit.jupiter.api.Test;

class ResidualProbe {
    public static void main(String[] a) { new ResidualProbe().probe(); }
    @Test void probe() {
        Problems p = new Problems();
        SimSection spec = new SimSection(20, 30, 7, new int[] {0, 1, 2, 3, 4}, new int[] {5, 6, 7, 8, 9}, 0.0,
                Double.parseDouble(System.getProperty("noise", "0.05")), Double.parseDouble(System.getProperty("gain", "0.5")), false);
        SimulatedPopulation pop = new SimulatedPopulation(spec);
        int n = spec.neurons();
        int[] somas = new int[n], dends = new int[n];
        for (int i = 0; i < n; i++) { somas[i] = i; dends[i] = n + i; }
        ResidualSection cfg = org.apical.config.RigConfig.read(ConfigNode.parse(System.getProperty("cfg", "{}"), "x", p), "").residuals();
        ResidualTracker tr = new ResidualTracker(cfg, 30, somas, dends);
        double[] raw = new double[2 * n];
        int frames = 30 * 1800;
        int[] count = new int[1];
        double[] truth = new double[n];
        for (int f = 0; f < frames; f++) {
            pop.step(raw, false);
            tr.step(f / 30.0, raw, f < frames / 2, e -> count[0]++);
            if (f == frames / 2) for (int i = 0; i < n; i++) truth[i] = pop.incrementSlope(i);
        }
        double sum = 0, sum2 = 0;
        for (int i = 0; i < n; i++) {
            double k = (pop.dendriteF0(i) / tr.dendriteBaseline(i)) / (pop.somaF0(i) / tr.somaBaseline(i));
            double r = tr.fit(i).slope() / truth[i] / k;
            sum2 += Math.abs(tr.fit(i).slope() / truth[i] - 1);
            sum += Math.abs(r - 1);
        }
        System.out.printf("mean |ratio/k-1| %.3f   |ratio-1| %.3f%n", sum / n, sum2 / n);
        for (int i = 0; i < n; i++) {
            PairFit fit = tr.fit(i);
            System.out.printf("n%2d truth %.3f slope %.3f ratio %.3f a %.3f sd %.3f ev %d/%d noise %.4f%n", i, truth[i],
                    fit.slope(), fit.slope() / truth[i] / ((pop.dendriteF0(i) / tr.dendriteBaseline(i)) / (pop.somaF0(i) / tr.somaBaseline(i))), fit.intercept(), fit.residualSd(), fit.events(),
                    tr.events(i), tr.somaNoise(i));
        }
        System.out.println("events " + count[0]);
    }
}
