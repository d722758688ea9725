package org.apical.pilot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apical.config.DecoderConfig;
import org.apical.core.UserException;

/**
 * A grid of decoder settings (every combination of the axes' values, the first axis slowest), each setting a
 * validated variant of one base decoder; its runs in parallel, and the best setting under the user's constraints.
 */
public final class Sweep {

    /** One point of the grid: its values by field, and the decoder they make. */
    public record Point(int index, Map<String, Object> values, DecoderConfig decoder) {
        public String label() {
            StringBuilder b = new StringBuilder();
            values.forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(SweepAxis.text(v)));
            return b.toString();
        }
    }

    /** One setting's figures: the mean of each metric over its runs (recordings or seeds). */
    public record Outcome(Point point, Map<String, Double> metrics, int runs, boolean feasible) {}

    /** {@code metric} must lie in [low, high]: {@code --within hit_rate=0.25:0.35}. */
    public record Constraint(String metric, double low, double high) {
        public static Constraint parse(String spec, List<String> metrics) {
            int eq = spec.indexOf('=');
            String[] r = eq < 0 ? new String[0] : spec.substring(eq + 1).split(":");
            if (eq <= 0 || r.length != 2) {
                throw new UserException("--within '" + spec + "': write metric=low:high, e.g. hit_rate=0.25:0.35");
            }
            String m = spec.substring(0, eq).trim();
            if (!metrics.contains(m)) throw new UserException("--within '" + spec + "': no metric '" + m + "'; metrics: " + metrics);
            try {
                return new Constraint(m, Double.parseDouble(r[0].trim()), Double.parseDouble(r[1].trim()));
            } catch (NumberFormatException e) {
                throw new UserException("--within '" + spec + "': low and high must be numbers");
            }
        }

        boolean holds(Map<String, Double> metrics) {
            Double v = metrics.get(metric);
            return v != null && v >= low && v <= high;
        }
    }

    /** Which setting is best: the highest (or lowest) {@code metric}: {@code --best max:rewards_per_min}. */
    public record Goal(String metric, boolean maximise) {
        public static Goal parse(String spec, List<String> metrics) {
            boolean max = !spec.startsWith("min:");
            String m = spec.replaceFirst("^(min|max):", "");
            if (!metrics.contains(m)) throw new UserException("--best '" + spec + "': no metric '" + m + "'; metrics: " + metrics);
            return new Goal(m, max);
        }

        public String text() { return (maximise ? "max:" : "min:") + metric; }
    }

    private final List<SweepAxis> axes;
    private final List<Point> points;

    private Sweep(List<SweepAxis> axes, List<Point> points) {
        this.axes = axes;
        this.points = points;
    }

    /** Every point of the grid over {@code base}, each checked now: a bad field fails before anything runs. */
    public static Sweep of(DecoderConfig base, List<SweepAxis> axes) {
        List<Map<String, Object>> grid = new ArrayList<>();
        grid.add(new LinkedHashMap<>());
        for (SweepAxis a : axes) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> g : grid) {
                for (Object v : a.values()) {
                    Map<String, Object> m = new LinkedHashMap<>(g);
                    m.put(a.field(), v);
                    next.add(m);
                }
            }
            grid = next;
            if (grid.size() > 1_000_000) throw new UserException("the sweep has over 1,000,000 settings");
        }
        List<Point> points = new ArrayList<>();
        for (Map<String, Object> values : grid) points.add(new Point(points.size(), values, DecoderVariant.of(base, values)));
        return new Sweep(List.copyOf(axes), List.copyOf(points));
    }

    public List<SweepAxis> axes() { return axes; }
    public List<Point> points() { return points; }

    /**
     * Runs {@code runsPerPoint} runs of every point on {@code threads} threads and averages each metric over them;
     * results in grid order, whatever the thread count.
     */
    public <R> List<Outcome> run(int runsPerPoint, RunOne<R> run, Function<R, Map<String, Double>> metrics,
                                 List<Constraint> constraints, int threads, Progress progress) {
        record Job(Point p, int k) {}
        List<Job> jobs = new ArrayList<>();
        for (Point p : points) for (int k = 0; k < runsPerPoint; k++) jobs.add(new Job(p, k));
        List<R> results = Parallel.map(jobs, threads, j -> run.run(j.p(), j.k()), progress);
        List<Outcome> out = new ArrayList<>();
        for (Point p : points) {
            Map<String, Double> sum = new LinkedHashMap<>();
            Map<String, Integer> n = new LinkedHashMap<>();
            for (int k = 0; k < runsPerPoint; k++) {
                metrics.apply(results.get(p.index() * runsPerPoint + k)).forEach((m, v) -> {
                    sum.merge(m, Double.isFinite(v) ? v : 0, Double::sum);
                    n.merge(m, Double.isFinite(v) ? 1 : 0, Integer::sum);
                });
            }
            Map<String, Double> mean = new LinkedHashMap<>();
            sum.forEach((m, s) -> mean.put(m, n.get(m) == 0 ? Double.NaN : s / n.get(m)));
            boolean ok = constraints.stream().allMatch(c -> c.holds(mean));
            out.add(new Outcome(p, mean, runsPerPoint, ok));
        }
        return out;
    }

    /** One run of a point; {@code k} numbers the point's runs (a recording, a seed). */
    public interface RunOne<R> {
        R run(Point p, int k);
    }

    /** The feasible outcome with the best goal metric (the first in grid order on a tie), or null. */
    public static Outcome best(List<Outcome> outcomes, Goal goal) {
        Outcome best = null;
        for (Outcome o : outcomes) {
            if (!o.feasible()) continue;
            Double v = o.metrics().get(goal.metric());
            if (v == null || v.isNaN()) continue;
            double b = best == null ? Double.NaN : best.metrics().get(goal.metric());
            if (best == null || (goal.maximise() ? v > b : v < b)) best = o;
        }
        return best;
    }

    /** The figures of one open-loop run as sweep metrics. */
    static Map<String, Double> metrics(PilotFigures f) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String name : PilotFigures.METRICS) m.put(name, f.metric(name));
        return m;
    }
}
