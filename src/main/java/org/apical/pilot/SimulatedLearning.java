package org.apical.pilot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apical.config.Definitions;
import org.apical.config.SimSection;
import org.apical.reward.SimulatedRewardOutput;
import org.apical.session.Session;
import org.apical.session.SessionSummary;
import org.apical.sim.Pacer;
import org.apical.sim.SimulatedRig;
import org.apical.task.TrialOutcome;

/**
 * A decoder in the closed loop with the simulated animal (the rig's population and its learner), one session per
 * seed, decided by the session's own path as fast as it goes: the learning curve (hit rate per block of trials) of
 * each decoder, and its spread across seeds.
 */
public final class SimulatedLearning {
    private SimulatedLearning() {}

    /** One seed's session: its figures and its hit rate per block of {@code block} trials. */
    public record SeedRun(String decoder, long seed, PilotFigures figures, double[] blocks) {}

    /** A decoder's learning curve over seeds: per block the mean, the lowest and highest seed, and how many seeds. */
    public record Curve(String decoder, double[] mean, double[] low, double[] high, double[] sd, int[] seeds) {}

    /** One session to run: a decoder (with the simulated rig and a stimulus), a seed, its length and block size. */
    public record Job(Definitions defs, String name, long seed, double seconds, int block) {}

    /** Every job on {@code threads} threads; results in the order of the jobs. */
    public static List<SeedRun> runAll(List<Job> jobs, int threads, Progress progress) {
        return Parallel.map(jobs, threads, j -> run(j.defs(), j.name(), j.seed(), j.seconds(), j.block()), progress);
    }

    public static SeedRun run(Definitions defs, String name, long seed, double seconds, int block) {
        SimSection sim = defs.rig().sim().withSeed(seed);
        long frames = Math.round(seconds * sim.rateHz());
        SimulatedRig rig = new SimulatedRig(sim, defs.rig().input().spikes(), new Pacer(Double.POSITIVE_INFINITY),
                frames, 0.0, "apical-pilot-sim-" + seed);
        Session s = new Session(defs, rig, List.of(new SimulatedRewardOutput(), rig.rewardOutput()), null);
        rig.followDecisions(s::decidedSequence);
        s.setOffline(true);
        Occupancy occupancy = new Occupancy(defs.decoder(), defs.stimulus());
        try {
            s.runHere(occupancy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        SessionSummary summary = SessionSummary.of(s);
        PilotFigures figures = PilotFigures.of(summary.outcomes(), summary.rewards(), s.monitor().lastTimestamp(),
                occupancy);
        return new SeedRun(name, seed, figures, blocks(summary.outcomes(), block));
    }

    /** Hit rate per full block of {@code block} counted (not aborted) trials. */
    static double[] blocks(List<TrialOutcome> outcomes, int block) {
        List<Double> out = new ArrayList<>();
        int n = 0, h = 0;
        for (TrialOutcome o : outcomes) {
            if (o.kind() == TrialOutcome.Kind.ABORTED) continue;
            n++;
            if (o.hit()) h++;
            if (n == block) {
                out.add(h / (double) block);
                n = h = 0;
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Curves per decoder, in the order the decoders first appear. */
    public static List<Curve> curves(List<SeedRun> runs) {
        Map<String, List<SeedRun>> by = new LinkedHashMap<>();
        for (SeedRun r : runs) by.computeIfAbsent(r.decoder(), k -> new ArrayList<>()).add(r);
        List<Curve> out = new ArrayList<>();
        by.forEach((name, rs) -> {
            // the blocks every seed reached, so each point of a curve is over all seeds
            int blocks = rs.stream().mapToInt(r -> r.blocks().length).min().orElse(0);
            double[] mean = new double[blocks], low = new double[blocks], high = new double[blocks], sd = new double[blocks];
            int[] seeds = new int[blocks];
            for (int b = 0; b < blocks; b++) {
                double s = 0, q = 0, lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                int n = 0;
                for (SeedRun r : rs) {
                    if (b >= r.blocks().length) continue;
                    double v = r.blocks()[b];
                    s += v;
                    q += v * v;
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                    n++;
                }
                mean[b] = s / n;
                sd[b] = n > 1 ? Math.sqrt(Math.max(0, (q - n * mean[b] * mean[b]) / (n - 1))) : 0;
                low[b] = lo;
                high[b] = hi;
                seeds[b] = n;
            }
            out.add(new Curve(name, mean, low, high, sd, seeds));
        });
        return out;
    }

    /** The figures of one seed as sweep metrics: the open-loop ones and the first and last block's hit rate. */
    static Map<String, Double> metrics(SeedRun r) {
        Map<String, Double> m = Sweep.metrics(r.figures());
        m.put("hit_rate_first_block", r.blocks().length == 0 ? Double.NaN : r.blocks()[0]);
        m.put("hit_rate_last_block", r.blocks().length == 0 ? Double.NaN : r.blocks()[r.blocks().length - 1]);
        return m;
    }

    public static final List<String> METRICS;

    static {
        List<String> m = new ArrayList<>(PilotFigures.METRICS);
        m.add("hit_rate_first_block");
        m.add("hit_rate_last_block");
        METRICS = List.copyOf(m);
    }
}
