package org.apical.ui;

import java.util.ArrayList;
import java.util.List;
import org.apical.pipeline.LiveView;
import org.apical.core.TaskState;

/**
 * Turns the console's periodic reads of the {@link LiveView} into a list of trial outcomes: a trial's outcome is
 * the first end state (hit, time-out, floor failure) seen with its trial number. An end state lasts far longer
 * than the console's read interval (seconds against 33 ms), and a hit the console did not see is still caught by
 * the loop's hit counter going up. Runs on the console's thread only.
 */
public final class OutcomeTracker {
    private final int capacity;
    private final List<Outcome> outcomes = new ArrayList<>();
    private int lastTrial = Integer.MIN_VALUE;
    private int lastHits;
    private int prevTrial = Integer.MIN_VALUE;
    private long lastFrame = -1;

    public OutcomeTracker(int capacity) { this.capacity = capacity; }

    /** Returns the new outcome this read revealed, or null. */
    public Outcome observe(LiveView.Snapshot s) {
        if (s.frame < 0 || s.frame == lastFrame) return null;
        lastFrame = s.frame;
        int previousTrial = prevTrial;
        prevTrial = s.trial;
        boolean hitCounted = s.hits > lastHits;
        lastHits = s.hits;
        Outcome.Kind kind = switch (s.state) {
            case HIT -> Outcome.Kind.HIT;
            case TIMEOUT -> Outcome.Kind.TIMEOUT;
            case FLOOR_FAIL -> Outcome.Kind.FLOOR_FAIL;
            default -> hitCounted ? Outcome.Kind.HIT : null;
        };
        if (kind == null || s.state == TaskState.BASELINE) return null;
        // a hit known only from the counter belongs to the trial before, if a new one began since the last read
        boolean fromCounter = s.state != TaskState.HIT && kind == Outcome.Kind.HIT;
        int trial = fromCounter && previousTrial != Integer.MIN_VALUE && previousTrial != s.trial ? previousTrial : s.trial;
        if (trial == lastTrial) return null;
        lastTrial = trial;
        Outcome o = new Outcome(trial, kind, s.timestamp);
        if (outcomes.size() == capacity) outcomes.removeFirst();
        outcomes.add(o);
        return o;
    }

    /** Oldest first, at most {@code capacity}. */
    public List<Outcome> outcomes() { return outcomes; }
}
