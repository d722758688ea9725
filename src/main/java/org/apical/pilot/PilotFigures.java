package org.apical.pilot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apical.decode.Percentile;
import org.apical.task.TrialOutcome;

/**
 * The figures a pilot compares decoders by, from one run's trial outcomes: trials, hits, hit rate (aborted trials
 * not counted), time to target (median and quartiles of the hits), rewards per minute of the task period (first trial
 * start to the end of the run), floor failures, and the occupancy of levels or angles during feedback.
 */
public record PilotFigures(int trials, int hits, Double hitRate, double tttMedian, double tttQ1, double tttQ3,
                           int rewards, double rewardsPerMinute, int floorFailures, int timeouts,
                           String occupancyKind, double[] occupancy) {

    static PilotFigures of(List<TrialOutcome> outcomes, int rewards, double endTimestamp, Occupancy occupancy) {
        int counted = 0, hits = 0, floor = 0, timeouts = 0;
        List<Double> ttt = new ArrayList<>();
        for (TrialOutcome o : outcomes) {
            if (o.kind() == TrialOutcome.Kind.ABORTED) continue;
            counted++;
            switch (o.kind()) {
                case HIT -> {
                    hits++;
                    ttt.add(o.timeToTarget());
                }
                case FLOOR_FAIL -> floor++;
                case TIMEOUT -> timeouts++;
                default -> { }
            }
        }
        double[] t = ttt.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(t);
        double minutes = outcomes.isEmpty() ? Double.NaN : (endTimestamp - outcomes.getFirst().startTimestamp()) / 60;
        return new PilotFigures(outcomes.size(), hits, counted == 0 ? null : hits / (double) counted,
                Percentile.ofSorted(t, t.length, 50), Percentile.ofSorted(t, t.length, 25),
                Percentile.ofSorted(t, t.length, 75), rewards, minutes > 0 ? rewards / minutes : Double.NaN, floor,
                timeouts, occupancy.kind(), occupancy.fractions());
    }

    /** NaN as a hit rate when there was no trial to count. */
    public double hitRateOrNaN() { return hitRate == null ? Double.NaN : hitRate; }

    public double tttIqr() { return tttQ3 - tttQ1; }

    /** The named figure, for sweeps' constraints and their best setting; null for a name that is none. */
    public Double metric(String name) {
        return switch (name) {
            case "trials" -> (double) trials;
            case "hits" -> (double) hits;
            case "hit_rate" -> hitRateOrNaN();
            case "ttt_median_s" -> tttMedian;
            case "ttt_iqr_s" -> tttIqr();
            case "rewards" -> (double) rewards;
            case "rewards_per_min" -> rewardsPerMinute;
            case "floor_failures" -> (double) floorFailures;
            default -> null;
        };
    }

    static final List<String> METRICS = List.of("trials", "hits", "hit_rate", "ttt_median_s", "ttt_iqr_s", "rewards",
            "rewards_per_min", "floor_failures");

    /** Per cent of the feedback frames per bin: "L1:0 L2:41 …" (levels) or "b1:12 b2:9 …" (tenths of the way). */
    public String occupancyText() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < occupancy.length; i++) {
            if (i > 0) b.append(' ');
            b.append(String.format(Locale.ROOT, "%s%d:%.0f", occupancyKind.equals("level") ? "L" : "b", i + 1,
                    occupancy[i] * 100));
        }
        return b.toString();
    }
}
