package org.apical.ui;

import java.util.function.Supplier;
import org.apical.reward.RewardGate;
import org.apical.stimulus.StimulusStats;

/**
 * What the console shows besides the {@link org.apical.pipeline.LiveView}: a title (rig/session), the trial's time
 * limit in seconds (for "time left"; 0 when unknown), the angle range for the plots, when a stimulus window is
 * open, where its timing comes from (null otherwise), and the session's reward gate, whose limits and answers to
 * manual rewards the console shows (null: not known here).
 */
public record ConsoleOptions(String title, double trialSeconds, double minAngle, double maxAngle,
                             Supplier<StimulusStats> stimulusStats, RewardGate rewardGate) {
    public static ConsoleOptions defaults() { return new ConsoleOptions("Apical", 0, 0, 180, null, null); }

    public ConsoleOptions withTitle(String t) { return new ConsoleOptions(t, trialSeconds, minAngle, maxAngle, stimulusStats, rewardGate); }
    public ConsoleOptions withTrialSeconds(double s) { return new ConsoleOptions(title, s, minAngle, maxAngle, stimulusStats, rewardGate); }
    public ConsoleOptions withAngleRange(double lo, double hi) { return new ConsoleOptions(title, trialSeconds, lo, hi, stimulusStats, rewardGate); }
    public ConsoleOptions withStimulus(Supplier<StimulusStats> s) { return new ConsoleOptions(title, trialSeconds, minAngle, maxAngle, s, rewardGate); }
    public ConsoleOptions withRewardGate(RewardGate g) { return new ConsoleOptions(title, trialSeconds, minAngle, maxAngle, stimulusStats, g); }
}
