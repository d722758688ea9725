package org.apical.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.EventHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apical.config.Definitions;
import org.apical.core.Frame;
import org.apical.session.Session;
import org.apical.reward.SimulatedRewardOutput;
import org.apical.sim.Pacer;
import org.apical.sim.SimulatedRig;
import org.apical.core.TaskState;
import org.junit.jupiter.api.Test;

/**
 * {@code decoders/reference-7step.yaml} against a plain, frame-counting re-statement of the source lab's program
 * (shared/specs/bci-task.md), written here as one loop the way the MATLAB program is and using no production code
 * for the numbers it checks (percentile baseline, calibration, grating level): every frame's state and reward
 * command, and on every closed-loop frame the grating level and the orientation shown, must agree. Only the trial
 * count and baseline length are shortened, to keep the brute-force percentile affordable.
 */
class ReferenceDecoderTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    static final int B = 3600, W = 3480, L = 870, TRIALS = 6;

    @Test
    void reproducesTheReferenceProgramFrameForFrame() throws Exception {
        String text = Files.readString(ROOT.resolve("decoders/reference-7step.yaml"))
                .replace("baseline: 12000 frames", "baseline: " + B + " frames")
                .replace("max_trials: 50", "max_trials: " + TRIALS);
        Definitions defs = Definitions.parse(Files.readString(ROOT.resolve("rigs/sim.yaml")), "rigs/sim.yaml", text,
                "decoders/reference-7step.yaml", Files.readString(ROOT.resolve("stimuli/reference.yaml")),
                "stimuli/reference.yaml");
        int total = B + TRIALS * (L + 90) + 10;
        SimulatedRig rig = new SimulatedRig(defs.rig().sim().withSeed(4), false, new Pacer(Double.POSITIVE_INFINITY),
                total, 0.0);
        Session session = new Session(defs, rig, List.of(new SimulatedRewardOutput(), rig.rewardOutput()), null);
        session.setOffline(true); // the capture below must see every frame
        rig.followDecisions(session::decidedSequence);
        Capture capture = new Capture(total);
        session.addSideConsumer(capture);
        session.run();

        Reference ref = new Reference(capture.raw, capture.n);
        assertEquals(ref.floor, session.decoder().floor(), 0.0, "R");
        assertEquals(ref.threshold, session.decoder().threshold(), 0.0, "T");
        int rewards = 0, timeouts = 0, closedLoop = 0, levelMismatches = 0, firstMismatch = -1;
        List<Integer> hits = new ArrayList<>(), hitsSeen = new ArrayList<>();
        for (int k = 0; k < capture.n; k++) {
            assertEquals(ref.state[k], capture.state[k], "state on frame " + k);
            assertEquals(ref.reward[k], capture.reward[k], "reward command on frame " + k);
            if (ref.level[k] > 0) { // a closed-loop frame: the program computed the grating level
                closedLoop++;
                boolean same = ref.level[k] == capture.level[k]
                        && (ref.state[k] != TaskState.TRIAL || ref.angle[k] == capture.angle[k]);
                if (!same) {
                    levelMismatches++;
                    if (firstMismatch < 0) firstMismatch = k;
                }
            }
            if (ref.state[k] == TaskState.HIT || ref.state[k] == TaskState.FLOOR_FAIL) {
                assertEquals(ref.angle[k], capture.angle[k], 0.0, "orientation shown on frame " + k);
            }
            if (ref.reward[k]) rewards++;
            if (ref.hit[k]) hits.add(k);
            if (capture.state[k] == TaskState.HIT && (k == 0 || capture.state[k - 1] != TaskState.HIT)) hitsSeen.add(k);
            if (ref.state[k] == TaskState.TIMEOUT && ref.state[k - 1] != TaskState.TIMEOUT) timeouts++;
        }
        int f = firstMismatch, bad = levelMismatches, of = closedLoop;
        assertEquals(0, bad, () -> "grating level or orientation differs on " + bad + " of "
                + of + " closed-loop frames; first on frame " + f + ": reference level " + ref.level[f]
                + " at " + ref.angle[f] + "°, pipeline level " + capture.level[f] + " at " + capture.angle[f] + "°");
        assertEquals(hits, hitsSeen, "hit frames");
        assertEquals(hits.size(), rewards, "one reward per hit");
        assertTrue(!hits.isEmpty() && hits.size() + timeouts >= TRIALS - 1, "hits " + hits + ", time-outs " + timeouts);
        assertTrue(Arrays.stream(ref.level).anyMatch(v -> v == 2), "the floor level 2 was shown");
        assertEquals(TaskState.DONE, capture.state[capture.n - 1]);
    }

    /** What the pipeline decided, per frame. */
    static final class Capture implements EventHandler<Frame> {
        final double[][] raw;
        final TaskState[] state;
        final double[] angle;
        final int[] level;
        final boolean[] reward;
        int n;

        Capture(int total) {
            raw = new double[total][10];
            state = new TaskState[total];
            angle = new double[total];
            level = new int[total];
            reward = new boolean[total];
        }

        @Override public void onEvent(Frame f, long seq, boolean end) {
            if (f.endOfStream) return;
            System.arraycopy(f.raw, 0, raw[n], 0, 10);
            state[n] = f.state;
            angle[n] = f.angle;
            level[n] = f.level;
            reward[n] = f.rewardRequested;
            n++;
        }
    }

    /** The reference program, frame by frame: P+ = ROIs 0–4, P− = ROIs 5–9, target 90°, start 0°. */
    static final class Reference {
        final TaskState[] state;
        final double[] angle;
        /** The grating level on the frames where the program computed one (closed loop), else 0. */
        final int[] level;
        final boolean[] hit;
        final boolean[] reward;
        final double floor, threshold;

        Reference(double[][] f, int n) {
            double[] x = new double[n];
            double[] sm = new double[n];
            for (int t = 0; t < n; t++) {
                double plus = 0, minus = 0;
                for (int r = 0; r < 10; r++) {
                    double[] window = new double[Math.min(t + 1, W)];
                    for (int j = 0; j < window.length; j++) window[j] = f[t - window.length + 1 + j][r];
                    Arrays.sort(window);
                    double f0 = prctile(window, 10);
                    double dff = (f[t][r] - f0) / f0;
                    if (r < 5) plus += dff; else minus += dff;
                }
                x[t] = plus / 5 - minus / 5;
                int k = Math.min(3, t + 1);
                double s = 0;
                for (int j = t - k + 1; j <= t; j++) s += x[j];
                sm[t] = s / k;
            }
            double[] rt = calibrate(Arrays.copyOf(x, B));
            floor = rt[0];
            threshold = rt[1];
            double[] bins = bins(floor, threshold);

            state = new TaskState[n];
            angle = new double[n];
            level = new int[n];
            hit = new boolean[n];
            reward = new boolean[n];
            Arrays.fill(state, 0, B, TaskState.BASELINE);
            int k = B, trials = 0;
            while (k < n) {
                if (trials == TRIALS) {
                    Arrays.fill(state, k, n, TaskState.DONE);
                    break;
                }
                trials++;
                int start = k;
                for (; k < Math.min(n, start + 15); k++) state[k] = TaskState.LEAD;
                boolean ended = false;
                for (; k < n && !ended; k++) {
                    if (k - start >= L) { // time-out: 90 black frames
                        for (int j = k; j < Math.min(n, k + 90); j++) state[j] = TaskState.TIMEOUT;
                        k += 90 - 1;
                        ended = true;
                        continue;
                    }
                    double z = sm[k] - floor;
                    int lv = 1; // k = max(find(z >= act_bins)), 1 when z is below every edge
                    for (int b = 0; b < bins.length; b++) if (z >= bins[b]) lv = b + 1;
                    level[k] = lv;
                    if (sm[k] < floor) { // floor: 0° for 60 frames, then 15 frames ITI
                        for (int j = k; j < Math.min(n, k + 60); j++) state[j] = TaskState.FLOOR_FAIL;
                        for (int j = k + 60; j < Math.min(n, k + 75); j++) state[j] = TaskState.ITI;
                        k += 75 - 1;
                        ended = true;
                    } else if (sm[k] >= threshold) { // hit: target 60 frames, reward on the 3rd frame after, 15 ITI
                        hit[k] = true;
                        for (int j = k; j < Math.min(n, k + 60); j++) {
                            state[j] = TaskState.HIT;
                            angle[j] = 90;
                        }
                        if (k + 3 < n) reward[k + 3] = true;
                        for (int j = k + 60; j < Math.min(n, k + 75); j++) state[j] = TaskState.ITI;
                        k += 75 - 1;
                        ended = true;
                    } else {
                        state[k] = TaskState.TRIAL;
                        angle[k] = (90 - 90) + 15 * (lv - 1); // (target − 90°) + 15°·(k − 1)
                    }
                }
            }
        }

        /** act_bins(2:7) = linspace(R, T, 6) − R; act_bins(1) = act_bins(2) − (act_bins(3) − act_bins(2)). */
        static double[] bins(double r, double t) {
            double[] lin = new double[6];
            for (int i = 0; i < 6; i++) lin[i] = r + i * ((t - r) / 5);
            lin[0] = r; // linspace returns its end points exactly
            lin[5] = t;
            double[] bins = new double[7];
            for (int i = 0; i < 6; i++) bins[i + 1] = lin[i] - r;
            bins[0] = bins[1] - (bins[2] - bins[1]);
            return bins;
        }

        /**
         * The calibration as the specification states it: R = min(x); 200 simulated trials of 750 frames at random
         * start frames (drawn as the decoder file's seed 1 draws them); for thresholds from R upwards in steps of
         * 0.005, the fraction of trials whose 3-frame mean (over frames inside the trial) reaches the threshold;
         * T = the lowest threshold with that fraction at most 0.5.
         */
        static double[] calibrate(double[] x) {
            double r = Double.POSITIVE_INFINITY;
            for (double v : x) r = Math.min(r, v);
            SplittableRandom random = new SplittableRandom(1);
            double[][] means = new double[200][];
            for (int t = 0; t < 200; t++) {
                int from = random.nextInt(x.length - 750 + 1);
                means[t] = new double[750 - 2];
                for (int j = from + 2; j < from + 750; j++) means[t][j - from - 2] = (x[j - 2] + x[j - 1] + x[j]) / 3;
            }
            for (int i = 0; ; i++) {
                double thr = r + i * 0.005;
                int crossing = 0;
                for (double[] m : means) {
                    boolean crosses = false;
                    for (double v : m) crosses |= v >= thr;
                    if (crosses) crossing++;
                }
                if (crossing / 200.0 <= 0.5) return new double[] {r, thr};
            }
        }

        static double prctile(double[] sorted, double p) {
            int n = sorted.length;
            if (n == 1) return sorted[0];
            double rank = p / 100 * n + 0.5;
            if (rank <= 1) return sorted[0];
            if (rank >= n) return sorted[n - 1];
            int lo = (int) rank;
            return sorted[lo - 1] + (rank - lo) * (sorted[lo] - sorted[lo - 1]);
        }
    }
}
