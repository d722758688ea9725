package org.apical.session;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apical.task.TrialOutcome;
import org.apical.core.LatencyHistogram;
import org.apical.pipeline.Monitor;

/**
 * The closing numbers of a session, the same for {@code demo}, {@code run} and {@code replay}: frames, drops, trials,
 * hits, hit rate early and late, rewards, stale input, and the latencies the program measured itself (arrival →
 * decision, source timestamp → decision, arrival → published to the console and stimulus).
 */
public record SessionSummary(long frames, long dropped, long gaps, int trials, int hits, Double hitRateFirstThird,
                             Double hitRateLastThird, int rewards, int manualRewards, double streamSeconds,
                             long staleFrames, int staleTrials, LatencyHistogram decisionLatency,
                             LatencyHistogram endToEndLatency, LatencyHistogram publishedLatency,
                             Map<String, Long> skippedBySideConsumers, List<TrialOutcome> outcomes,
                             long nonFiniteSamples, long nonFiniteFrames) {

    /** How a NaN or infinite input value is treated, as the summary and --json say it. */
    public static final String NON_FINITE_TREATMENT = "left out of its channel's baseline and of its ensemble's mean"
            + " for that frame; a frame whose ensemble has no finite value keeps the previous smoothed signal";

    public static SessionSummary of(Session s) {
        Monitor m = s.monitor();
        List<TrialOutcome> outcomes = List.copyOf(m.outcomes());
        double t1 = m.lastTimestamp();
        // thirds of the task period (first trial start to the end), so a baseline period does not leave a third empty
        double t0 = outcomes.isEmpty() ? m.firstTimestamp() : outcomes.getFirst().startTimestamp();
        double third = (t1 - t0) / 3;
        return new SessionSummary(m.frames(), m.lostSamples(), m.gaps(), outcomes.size(), m.hits(),
                hitRate(outcomes, t0, t0 + third), hitRate(outcomes, t1 - third, t1 + 1e-9), m.rewards(),
                m.manualRewards(), Double.isNaN(m.firstTimestamp()) ? 0 : t1 - m.firstTimestamp(), m.staleFrames(),
                m.staleTrials(), m.decisionLatency(), m.endToEndLatency(), s.viewFeed().publishedLatency(),
                s.skippedBySideConsumers(), outcomes, m.nonFiniteSamples(), m.nonFiniteFrames());
    }

    /** Hits over trials that started in [from, to); null when no trial did. */
    static Double hitRate(List<TrialOutcome> outcomes, double from, double to) {
        int n = 0, h = 0;
        for (TrialOutcome o : outcomes) {
            if (o.startTimestamp() >= from && o.startTimestamp() < to && o.kind() != TrialOutcome.Kind.ABORTED) {
                n++;
                if (o.hit()) h++;
            }
        }
        return n == 0 ? null : h / (double) n;
    }

    public static String trialLine(TrialOutcome o) {
        String outcome = switch (o.kind()) {
            case HIT -> "hit";
            case TIMEOUT -> "time-out";
            case FLOOR_FAIL -> "floor";
            case ABORTED -> "aborted";
            case STALE_INPUT -> "stale";
        };
        String ttt = o.hit() ? String.format(Locale.ROOT, "%6.2f s", o.timeToTarget()) : "     - ";
        return String.format(Locale.ROOT, "trial %4d  %-8s  time to target %s  reward %s",
                o.trial(), outcome, ttt, o.rewarded() ? "yes" : "no");
    }

    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "frames %d (%.1f s of stream), dropped %d%n", frames, streamSeconds, dropped);
        out.printf(Locale.ROOT, "trials %d, hits %d, hit rate first third %s, last third %s%n", trials, hits,
                pct(hitRateFirstThird), pct(hitRateLastThird));
        out.printf(Locale.ROOT, "rewards %d%s%n", rewards, manualRewards > 0 ? " (" + manualRewards + " manual)" : "");
        if (nonFiniteSamples > 0) {
            out.printf(Locale.ROOT, "non-finite input: %d NaN or infinite samples in %d frames on the decoded channels;"
                    + " each was %s%n", nonFiniteSamples, nonFiniteFrames, NON_FINITE_TREATMENT);
        }
        if (staleFrames > 0) {
            out.printf(Locale.ROOT, "stale input: %d frames older than input.max_frame_age when decided (they earned"
                    + " nothing); %d trials ended on stale input%n", staleFrames, staleTrials);
        }
        if (endToEndLatency.count() > 0) {
            out.println("latency source timestamp → reward decision: " + endToEndLatency.describe());
        }
        out.println("latency arrival → reward decision: " + decisionLatency.describe());
        out.println("latency arrival → angle published: " + publishedLatency.describe());
        skippedBySideConsumers.forEach((name, n) -> {
            if (n > 0) out.println("side consumer " + name + " fell behind and skipped " + n + " frames (the decisions"
                    + " did not wait)");
        });
    }

    private static String pct(Double d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.0f %%", d * 100);
    }
}
