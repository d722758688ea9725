package org.apical.core;

/**
 * Every transition of the trial state machine, stamped with the frame it happened on (sequence and source
 * timestamp). Events are rare (a few per trial), so they are records; frames carry them to side consumers.
 */
public sealed interface TaskEvent {
    long frame();
    double timestamp();

    record SessionStarted(long frame, double timestamp) implements TaskEvent {}
    record Calibrated(long frame, double timestamp, double floor, double threshold, double z) implements TaskEvent {}
    record TrialStarted(long frame, double timestamp, int trial) implements TaskEvent {}
    record FeedbackStarted(long frame, double timestamp, int trial) implements TaskEvent {}
    record Hit(long frame, double timestamp, int trial, double timeToTarget) implements TaskEvent {}
    record TimedOut(long frame, double timestamp, int trial) implements TaskEvent {}
    record FloorFailed(long frame, double timestamp, int trial) implements TaskEvent {}
    record TrialAborted(long frame, double timestamp, int trial, String reason) implements TaskEvent {}
    /** The trial ended because a frame was older than input.max_frame_age when decided ({@code age} seconds). */
    record StaleInput(long frame, double timestamp, int trial, double age) implements TaskEvent {}
    record RewardRequested(long frame, double timestamp, int trial, boolean manual) implements TaskEvent {}
    record RewardGiven(long frame, double timestamp, int trial, double volumeUl, boolean manual) implements TaskEvent {}
    record RewardRefused(long frame, double timestamp, int trial, String reason) implements TaskEvent {}
    record SessionEnded(long frame, double timestamp, int trials, int hits) implements TaskEvent {}

    /** One line of text for marker streams and logs, e.g. {@code hit trial=3 t=4.233}. */
    static String marker(TaskEvent e) {
        return switch (e) {
            case SessionStarted s -> "session_start";
            case Calibrated c -> "calibrated floor=" + c.floor() + " threshold=" + c.threshold() + " z=" + c.z();
            case TrialStarted t -> "trial_start trial=" + t.trial();
            case FeedbackStarted f -> "feedback_start trial=" + f.trial();
            case Hit h -> "hit trial=" + h.trial() + " time_to_target=" + h.timeToTarget();
            case TimedOut t -> "timeout trial=" + t.trial();
            case FloorFailed f -> "floor_fail trial=" + f.trial();
            case TrialAborted a -> "trial_aborted trial=" + a.trial() + " reason=" + a.reason();
            case StaleInput x -> "stale_input trial=" + x.trial() + " age=" + x.age();
            case RewardRequested r -> "reward_request trial=" + r.trial() + (r.manual() ? " manual" : "");
            case RewardGiven r -> "reward trial=" + r.trial() + " volume_ul=" + r.volumeUl() + (r.manual() ? " manual" : "");
            case RewardRefused r -> "reward_refused trial=" + r.trial() + " reason=" + r.reason();
            case SessionEnded s -> "session_end trials=" + s.trials() + " hits=" + s.hits();
        };
    }
}
