package org.apical.task;

/** How one trial ended. {@code timeToTarget} is NaN unless it was a hit. */
public record TrialOutcome(int trial, Kind kind, double startTimestamp, double timeToTarget, boolean rewarded) {
    public enum Kind {
        HIT, TIMEOUT, FLOOR_FAIL, ABORTED,
        /** Ended by a frame too old to reward (input.max_frame_age): a stalled stream, not the animal. */
        STALE_INPUT
    }

    public boolean hit() { return kind == Kind.HIT; }
}
