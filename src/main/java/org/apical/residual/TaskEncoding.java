package org.apical.residual;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.apical.information.CholeskyFactor;
import org.apical.information.InformationException;

/**
 * Finding 3: do a neuron's residuals encode the task, and does the sign follow its causal role?
 *
 * <p><b>Model.</b> Per neuron, ordinary least squares of its residuals, z-scored (so coefficients are in residual
 * SDs and comparable across neurons), on an intercept and the regressors of {@link #REGRESSORS}, read at each
 * event's frame ({@link TaskTimeline}): {@code after_hit} (event within [0, 2 s) after a rewarded trial end),
 * {@code after_miss} (the same after a time-out), {@code before_hit} (within 2 s before a hit), {@code in_trial}
 * (the grating is in play; a nuisance term that lets the next two be within-trial slopes), {@code error}
 * (distance to target in units of 90°) and {@code error_rate} (its slope over a centred 1 s window, in 90° per
 * s; negative while the error decreases). The source names reward (before and after the outcome), error and its
 * rate without defining them; these are the simplest regressors that separate anticipation, outcome and
 * moment-to-moment progress, and stay interpretable when some are absent (a regressor set on fewer than
 * {@code minPresent} of a neuron's events is left out of its fit, NaN).
 *
 * <p><b>p-values.</b> Residuals and task variables are both autocorrelated, so shuffling events would give far
 * too small p-values. Instead the whole task timeline (outcomes and error trace together) is shifted circularly
 * against the events by s frames, s drawn between 10 % and 90 % of the recording: every autocorrelation is kept
 * and only the alignment is broken. p = (1 + #|β_shift| ≥ |β|) / (1 + #shifts), two-sided. Every neuron sees the
 * same shifts, so group means get their null from the same shifted fits and correlated neurons are handled.
 *
 * <p><b>Sign flip.</b> Per regressor, {@code contrast = mean(β, P+) − mean(β, P−)}, tested by permuting the role
 * labels among the P+ and P− neurons (exact over all splits for ensembles of the study's size): this asks
 * directly whether the role matters, with the neuron as the unit of replication, rather than whether the pooled
 * events have a role × regressor interaction (which would treat thousands of correlated events as independent).
 * The shift p of the contrast is reported too. A flip is declared when the two means have opposite signs and the
 * role-label p is below alpha.
 */
public final class TaskEncoding {
    public static final List<String> REGRESSORS =
            List.of("after_hit", "after_miss", "before_hit", "in_trial", "error", "error_rate");

    private TaskEncoding() {}

    public static TaskResult run(ResidualData d, TaskOptions o) { return run(d, o, n -> {}); }

    /** @param progress called with the number of neurons fitted so far, from worker threads (must be thread-safe) */
    public static TaskResult run(ResidualData d, TaskOptions o, IntConsumer progress) {
        TaskTimeline timeline = new TaskTimeline(d, o);
        int t = d.frames(), r = TaskTimeline.COLUMNS;
        SplittableRandom rng = new SplittableRandom(o.seed() ^ 0x7a5cL);
        int lo = Math.max(1, t / 10), span = Math.max(1, t - 2 * lo);
        int[] shifts = new int[o.shifts()];
        for (int s = 0; s < shifts.length; s++) shifts[s] = lo + rng.nextInt(span);
        List<List<ResidualEvent>> byPair = d.eventsByPair();
        int n = d.pairs();
        NeuronTaskFit[] fits = new NeuronTaskFit[n];
        double[][][] shifted = new double[n][][]; // [neuron][shift][regressor]
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, n).parallel().forEach(i -> {
            Neuron result = fit(d, o, timeline, shifts, i, byPair.get(i));
            fits[i] = result.fit();
            shifted[i] = result.shifted();
            progress.accept(done.incrementAndGet());
        });
        List<GroupTaskEffect> groups = new ArrayList<>();
        for (int role : new int[] {Roles.PLUS, Roles.MINUS, Roles.NONE}) {
            for (int j = 0; j < r; j++) groups.add(group(fits, shifted, role, j));
        }
        List<SignFlip> flips = new ArrayList<>();
        for (int j = 0; j < r; j++) flips.add(flip(fits, shifted, j, o));
        return new TaskResult(d.condition(), REGRESSORS, List.of(fits), groups, flips, shifts, o);
    }

    private record Neuron(NeuronTaskFit fit, double[][] shifted) {}

    private static Neuron fit(ResidualData d, TaskOptions o, TaskTimeline timeline, int[] shifts, int pair,
                              List<ResidualEvent> events) {
        int r = TaskTimeline.COLUMNS, n = events.size();
        String id = d.neuronIds()[pair];
        int role = d.roles()[pair];
        double[] nan = new double[r];
        Arrays.fill(nan, Double.NaN);
        if (n < o.minEvents()) {
            return new Neuron(new NeuronTaskFit(pair, id, role, n, Double.NaN, nan, nan.clone(),
                    "too few events: " + n + " (needs " + o.minEvents() + ")"), null);
        }
        int[] frames = new int[n];
        double[] y = new double[n];
        double mean = 0;
        for (int e = 0; e < n; e++) { frames[e] = events.get(e).frame(); y[e] = events.get(e).residual(); mean += y[e]; }
        mean /= n;
        double ss = 0;
        for (double v : y) ss += (v - mean) * (v - mean);
        double sd = Math.sqrt(ss / (n - 1));
        if (!(sd > 0)) {
            return new Neuron(new NeuronTaskFit(pair, id, role, n, sd, nan, nan.clone(), "constant residuals"), null);
        }
        for (int e = 0; e < n; e++) y[e] = (y[e] - mean) / sd;
        boolean[] use = usable(timeline, frames, o.minPresent());
        double[] beta = solve(timeline, frames, y, 0, use);
        if (beta == null) {
            return new Neuron(new NeuronTaskFit(pair, id, role, n, sd, nan, nan.clone(),
                    "task regressors are collinear at this neuron's events"), null);
        }
        double[][] null_ = new double[shifts.length][];
        int[] extreme = new int[r], valid = new int[r];
        for (int s = 0; s < shifts.length; s++) {
            double[] b = solve(timeline, frames, y, shifts[s], use);
            null_[s] = b;
            if (b == null) continue;
            for (int j = 0; j < r; j++) {
                if (!use[j]) continue;
                valid[j]++;
                if (Math.abs(b[j]) >= Math.abs(beta[j]) * (1 - 1e-12)) extreme[j]++;
            }
        }
        double[] p = new double[r];
        for (int j = 0; j < r; j++) p[j] = use[j] ? (1.0 + extreme[j]) / (1.0 + valid[j]) : Double.NaN;
        return new Neuron(new NeuronTaskFit(pair, id, role, n, sd, beta, p, ""), null_);
    }

    /** Which regressors vary enough at these events to be fitted. */
    private static boolean[] usable(TaskTimeline timeline, int[] frames, int minPresent) {
        int r = TaskTimeline.COLUMNS;
        boolean[] use = new boolean[r];
        for (int j = 0; j < r; j++) {
            int nonZero = 0;
            double first = timeline.at(frames[0], 0, j);
            boolean varies = false;
            for (int f : frames) {
                double v = timeline.at(f, 0, j);
                if (v != 0) nonZero++;
                if (v != first) varies = true;
            }
            use[j] = varies && nonZero >= minPresent && frames.length - nonZero >= minPresent;
        }
        return use;
    }

    /**
     * OLS coefficients (NaN for unused regressors), or null when the design is singular. The hot loop of the
     * permutation test (neurons × shifts × events), so the shifted row is read straight from the timeline table
     * and only the upper triangle of the Gram is accumulated.
     */
    private static double[] solve(TaskTimeline timeline, int[] frames, double[] y, int shift, boolean[] use) {
        int r = TaskTimeline.COLUMNS, frameCount = timeline.frames;
        int[] cols = IntStream.range(0, r).filter(j -> use[j]).toArray();
        int q = cols.length + 1;
        double[] gram = new double[q * q], rhs = new double[q], row = new double[q];
        double[] table = timeline.table;
        row[0] = 1;
        for (int e = 0; e < frames.length; e++) {
            int f = frames[e] - shift;
            if (f < 0) f += frameCount;
            int base = f * r;
            for (int c = 0; c < cols.length; c++) row[c + 1] = table[base + cols[c]];
            double ye = y[e];
            for (int a = 0; a < q; a++) {
                double ra = row[a];
                if (ra == 0) continue; // indicators and out-of-trial values are mostly 0
                rhs[a] += ra * ye;
                int o = a * q;
                for (int b = a; b < q; b++) gram[o + b] += ra * row[b];
            }
        }
        for (int a = 0; a < q; a++) for (int b = 0; b < a; b++) gram[a * q + b] = gram[b * q + a];
        double[] x;
        try {
            x = CholeskyFactor.of(gram, q, "task design").solve(rhs);
        } catch (InformationException collinear) {
            return null;
        }
        double[] beta = new double[r];
        Arrays.fill(beta, Double.NaN);
        for (int c = 0; c < cols.length; c++) beta[cols[c]] = x[c + 1];
        return beta;
    }

    private static GroupTaskEffect group(NeuronTaskFit[] fits, double[][][] shifted, int role, int j) {
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < fits.length; i++) {
            if (fits[i].role() == role && Double.isFinite(fits[i].coefficients()[j])) members.add(i);
        }
        String name = Roles.label(role), regressor = REGRESSORS.get(j);
        if (members.isEmpty()) return new GroupTaskEffect(name, role, regressor, 0, Double.NaN, Double.NaN, Double.NaN);
        double[] v = members.stream().mapToDouble(i -> fits[i].coefficients()[j]).toArray();
        double mean = Arrays.stream(v).average().orElseThrow();
        double sem = Double.NaN;
        if (v.length > 1) {
            double ss = 0;
            for (double x : v) ss += (x - mean) * (x - mean);
            sem = Math.sqrt(ss / (v.length - 1) / v.length);
        }
        double p = shiftP(mean, s -> meanAt(shifted, members, s, j), shifted[members.getFirst()].length);
        return new GroupTaskEffect(name, role, regressor, v.length, mean, sem, p);
    }

    private static SignFlip flip(NeuronTaskFit[] fits, double[][][] shifted, int j, TaskOptions o) {
        List<Integer> plus = new ArrayList<>(), minus = new ArrayList<>();
        for (int i = 0; i < fits.length; i++) {
            if (!Double.isFinite(fits[i].coefficients()[j])) continue;
            if (fits[i].role() == Roles.PLUS) plus.add(i);
            if (fits[i].role() == Roles.MINUS) minus.add(i);
        }
        String regressor = REGRESSORS.get(j);
        if (plus.isEmpty() || minus.isEmpty()) {
            return new SignFlip(regressor, plus.size(), minus.size(), mean(fits, plus, j), mean(fits, minus, j),
                    Double.NaN, Double.NaN, Double.NaN, false);
        }
        double mp = mean(fits, plus, j), mm = mean(fits, minus, j), contrast = mp - mm;
        double[] values = new double[plus.size() + minus.size()];
        for (int k = 0; k < plus.size(); k++) values[k] = fits[plus.get(k)].coefficients()[j];
        for (int k = 0; k < minus.size(); k++) values[plus.size() + k] = fits[minus.get(k)].coefficients()[j];
        double pRole = GroupDifference.permutationP(values, plus.size(), o.seed() + j);
        double pShift = shiftP(contrast, s -> meanAt(shifted, plus, s, j) - meanAt(shifted, minus, s, j),
                shifted[plus.getFirst()].length);
        boolean flipped = mp * mm < 0 && pRole < o.alpha();
        return new SignFlip(regressor, plus.size(), minus.size(), mp, mm, contrast, pRole, pShift, flipped);
    }

    private static double mean(NeuronTaskFit[] fits, List<Integer> members, int j) {
        return members.stream().mapToDouble(i -> fits[i].coefficients()[j]).average().orElse(Double.NaN);
    }

    /** Mean over members of their coefficient j in shift s (members whose shifted fit failed are skipped). */
    private static double meanAt(double[][][] shifted, List<Integer> members, int s, int j) {
        double sum = 0;
        int n = 0;
        for (int i : members) {
            double[] b = shifted[i][s];
            if (b != null && Double.isFinite(b[j])) { sum += b[j]; n++; }
        }
        return n > 0 ? sum / n : Double.NaN;
    }

    private static double shiftP(double observed, java.util.function.IntToDoubleFunction statistic, int shifts) {
        int extreme = 0, valid = 0;
        for (int s = 0; s < shifts; s++) {
            double v = statistic.applyAsDouble(s);
            if (!Double.isFinite(v)) continue;
            valid++;
            if (Math.abs(v) >= Math.abs(observed) * (1 - 1e-12)) extreme++;
        }
        return valid == 0 ? Double.NaN : (1.0 + extreme) / (1.0 + valid);
    }
}
