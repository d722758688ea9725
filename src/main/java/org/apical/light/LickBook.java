package org.apical.light;

import com.lmax.disruptor.EventHandler;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apical.core.Frame;
import org.apical.core.TaskEvent;
import org.apical.core.TaskState;
import org.apical.reward.LickLog;

/**
 * A side consumer that books the animal's licks against the task: each lick (from the controller or the simulated
 * rig, {@link LickLog}) belongs to the frame it fell in, and so to that frame's trial phase — baseline, before
 * feedback (the lead frames), feedback (closed loop, until the reward goes out), after the reward (until the next
 * trial starts), or other (time-outs and intervals without a reward). It hands each lick to the recording
 * ({@link Sink}), keeps the rate over the last {@value #RATE_WINDOW_S} s for the console (with the light's state) and
 * the per-phase counts for the summary. Off the decision path: it allocates only when its arrays grow.
 */
public final class LickBook implements EventHandler<Frame> {
    static final double RATE_WINDOW_S = 5;
    private static final double CONSOLE_EVERY_S = 0.25;

    /** The phases of a trial, in the order of the summary. */
    public enum Phase {
        BASELINE, BEFORE_FEEDBACK, FEEDBACK, AFTER_REWARD, OTHER;

        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    /** Where each lick goes besides the books (the recording): its timestamp and its running count. */
    public interface Sink {
        void onLick(double timestamp, long count);
    }

    private final LickLog log;
    private final double frameSeconds;
    private final LightPlan light;
    private final long[] perPhase = new long[Phase.values().length];
    private final double[] recent = new double[1024];
    private Sink sink;
    private java.util.function.Consumer<String> view;
    private int recentHead, recentCount;
    private boolean afterReward;
    private long booked;
    private double lastShown = Double.NEGATIVE_INFINITY;
    private volatile double rateHz;
    private volatile Report finalReport;

    /** @param light the session's light plan, whose state the console line shows beside the lick rate (may be null) */
    public LickBook(LickLog log, double frameRateHz, LightPlan light) {
        this.log = log;
        this.frameSeconds = 1 / frameRateHz;
        this.light = light;
    }

    public void recordTo(Sink s) { this.sink = s; }

    /** Where the console line goes (the live view's behaviour line), a few times a second. */
    public void reportTo(java.util.function.Consumer<String> console) { this.view = console; }

    @Override public void onEvent(Frame f, long sequence, boolean endOfBatch) {
        if (f.endOfStream) {
            finalReport = snapshot();
            return;
        }
        for (int i = 0; i < f.eventCount; i++) {
            TaskEvent e = f.events[i];
            if (e instanceof TaskEvent.TrialStarted) afterReward = false;
            else if (e instanceof TaskEvent.RewardGiven g && !g.manual()) afterReward = true;
        }
        Phase phase = phase(f.state);
        double until = f.timestamp + frameSeconds;
        double t;
        while (!Double.isNaN(t = log.peekBefore(until))) {
            log.take();
            booked++;
            perPhase[phase.ordinal()]++;
            recent[recentHead] = t;
            recentHead = (recentHead + 1) % recent.length;
            recentCount = Math.min(recentCount + 1, recent.length);
            if (sink != null) sink.onLick(t, booked);
        }
        if (f.timestamp - lastShown >= CONSOLE_EVERY_S) {
            lastShown = f.timestamp;
            rateHz = rate(f.timestamp);
            if (view != null) view.accept(consoleLine());
        }
    }

    private Phase phase(TaskState s) {
        if (s == null) return Phase.OTHER;
        if (afterReward) return Phase.AFTER_REWARD;
        return switch (s) {
            case BASELINE -> Phase.BASELINE;
            case LEAD -> Phase.BEFORE_FEEDBACK;
            case TRIAL, HIT -> Phase.FEEDBACK;
            default -> Phase.OTHER;
        };
    }

    private double rate(double now) {
        int n = 0;
        for (int i = 0; i < recentCount; i++) {
            double t = recent[(recentHead - 1 - i + recent.length) % recent.length];
            if (now - t > RATE_WINDOW_S) break;
            n++;
        }
        return n / RATE_WINDOW_S;
    }

    /** The lick rate over the last few seconds of stream time (Hz), for the console. */
    public double rateHz() { return rateHz; }

    public String consoleLine() {
        return (light == null ? "light: off" : light.describe()) + " · licks " + String.format(Locale.ROOT, "%.1f/s", rateHz)
                + " (" + booked + ")";
    }

    /** Licks per phase, the total and the reports lost (a ring overrun). */
    public record Report(long total, Map<String, Long> perPhase, long lost) {
        public String describe() {
            StringBuilder s = new StringBuilder("licks " + total + ":");
            perPhase.forEach((k, v) -> s.append(' ').append(k.replace('_', ' ')).append(' ').append(v).append(','));
            s.setLength(s.length() - 1);
            if (lost > 0) s.append("; ").append(lost).append(" lick reports lost (the books fell behind)");
            return s.toString();
        }
    }

    /** The books at the end of the stream (or now, while it runs). */
    public Report report() {
        Report r = finalReport;
        return r != null ? r : snapshot();
    }

    private Report snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        long[] copy = Arrays.copyOf(perPhase, perPhase.length);
        for (Phase p : Phase.values()) m.put(p.label(), copy[p.ordinal()]);
        return new Report(booked, m, log.overwritten());
    }
}
