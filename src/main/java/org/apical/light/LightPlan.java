package org.apical.light;

import org.apical.config.ConfigException;
import org.apical.config.LightSection;
import org.apical.core.Frame;
import org.apical.core.TaskEvent;
import org.apical.reward.LightOutput;
import org.apical.reward.RewardGate;

/**
 * The light protocol on the decision thread ({@code light:} of the rig file, {@link LightSection}): per frame, the
 * trial's light condition (by light.schedule, changing when a trial starts), whether a pulse goes out and whether
 * the hit's water does. The rig's bounds are held here before the output sees a pulse: no pulse longer than
 * max_pulse_ms, and none that starts sooner than its length / max_duty after the previous one (on the frames' own
 * clock, like the reward gate, so a replay decides the same); a shut reward gate (Stop, a stalled pipeline, an
 * unhealthy output) lets no light pass either. Every pulse and refusal is written into the frame
 * ({@link Frame#lightMs}, {@link Frame#lightCause}, {@link Frame#lightOn}) for the recording and the console.
 * Without an output (a replay) the conditions are still computed, and nothing is pulsed.
 * Nothing is allocated per frame.
 */
public final class LightPlan {
    private final LightSection cfg;
    private final RewardGate gate;
    private final int pulseMs;
    private final double minGapSeconds;
    private volatile LightOutput output;
    private boolean condition;
    private double lastStart = Double.NEGATIVE_INFINITY;
    private volatile long pulses;
    private volatile long refusedByBounds;
    private volatile long withheld;
    private volatile long notQueued;
    private volatile long reinforcements;
    private volatile long conditionChanges;
    private volatile boolean lightOnNow;
    private volatile int trial;

    /**
     * @param rigFile for the error when every_frame at this frame rate would break max_duty
     * @throws ConfigException when the protocol cannot run within its own bounds
     */
    public LightPlan(LightSection cfg, double frameRateHz, RewardGate gate, String rigFile) {
        this.cfg = cfg;
        this.gate = gate;
        this.pulseMs = (int) Math.round(Math.min(cfg.pulseMs(), cfg.maxPulseMs()));
        this.minGapSeconds = pulseMs / 1000.0 / cfg.maxDuty();
        if (cfg.mode() == LightSection.Mode.EVERY_FRAME && minGapSeconds > 1 / frameRateHz + 1e-9) {
            throw new ConfigException(rigFile + ": light.pulse_ms: " + pulseMs + " ms at every frame of a "
                    + fmt(frameRateHz) + " Hz stream is " + fmt(100.0 * pulseMs / 1000 * frameRateHz)
                    + " % of the time, above light.max_duty " + fmt(100 * cfg.maxDuty()) + " %; shorten the pulse");
        }
        this.condition = cfg.enabled() && cfg.on(1);
    }

    /** The light this plan drives; none (a replay, a dry run): conditions only. Set before the session runs. */
    public void setOutput(LightOutput o) { this.output = o; }

    public LightOutput output() { return output; }

    public LightSection config() { return cfg; }

    /**
     * Decides the light on one decided frame. Returns false when the frame's reward must not go to the water:
     * at_hit on a light-on trial, where the hit's reinforcement is the light.
     */
    public boolean onFrame(Frame f) {
        if (!cfg.enabled()) return true;
        for (int i = 0; i < f.eventCount; i++) {
            if (f.events[i] instanceof TaskEvent.TrialStarted t) {
                trial = t.trial();
                boolean c = cfg.on(t.trial());
                if (c != condition) {
                    condition = c;
                    conditionChanges++;
                }
            }
        }
        f.lightOn = condition;
        lightOnNow = condition;
        if (!condition) return true;
        boolean water = true;
        int cause = Frame.LIGHT_NONE;
        if (cfg.mode() == LightSection.Mode.EVERY_FRAME) cause = Frame.LIGHT_FRAME;
        if (f.rewardRequested && cfg.mode() != LightSection.Mode.EVERY_FRAME && !manual(f)) {
            cause = Frame.LIGHT_HIT;
            if (cfg.mode() == LightSection.Mode.AT_HIT) water = false;
        }
        if (cause != Frame.LIGHT_NONE) fire(f, cause);
        if (!water) reinforcements++;
        return water;
    }

    private static boolean manual(Frame f) {
        return f.lastEvent() instanceof TaskEvent.RewardGiven g && g.manual();
    }

    private void fire(Frame f, int cause) {
        LightOutput o = output;
        if (o == null) return;
        if (gate.shut()) {
            withheld++;
            return;
        }
        if (f.timestamp - lastStart < minGapSeconds - 1e-4) {
            refusedByBounds++;
            f.lightCause = Frame.LIGHT_REFUSED;
            return;
        }
        if (!o.pulse(pulseMs, f.timestamp)) {
            notQueued++;
            return;
        }
        lastStart = f.timestamp;
        f.lightMs = pulseMs;
        f.lightCause = cause;
        pulses++;
    }

    /** Switches every light off now (from any thread): end of session, stop, error. */
    public void off() {
        LightOutput o = output;
        if (o != null) o.lightsOff();
    }

    /** The light's books for the console, the summary and {@code --json}. */
    public record Report(String mode, String schedule, int pulseMs, long pulses, long refusedByBounds, long withheld,
                         long notQueued, long reinforcements, long conditionChanges, long deviceConfirmed,
                         long deviceRefused, String output, String lastError) {}

    public Report report() {
        LightOutput o = output;
        return new Report(cfg.mode().label(), cfg.schedule().label() + (cfg.schedule() == LightSection.Schedule.BLOCKS
                ? " of " + cfg.blockTrials() : ""), pulseMs, pulses, refusedByBounds, withheld, notQueued,
                reinforcements, conditionChanges, o == null ? 0 : o.pulsesDelivered(), o == null ? 0 : o.pulsesRefused(),
                o == null ? null : o.name(), o == null ? null : o.lastLightError());
    }

    /** One line for the console: mode, the current condition and trial, pulses so far. */
    public String describe() {
        if (!cfg.enabled()) return "light: off";
        return "light " + cfg.mode().label() + ": " + (lightOnNow ? "ON" : "off") + " (trial " + trial + "), "
                + pulses + " pulses" + (refusedByBounds > 0 ? ", " + refusedByBounds + " refused by the bounds" : "")
                + (output == null ? " (no light output: conditions only)" : "");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
