package org.apical.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.apical.pipeline.LiveView;
import org.apical.core.TaskState;
import org.junit.jupiter.api.Test;

class OutcomeTrackerTest {
    private final OutcomeTracker tracker = new OutcomeTracker(3);
    private long frame;

    private Outcome see(TaskState state, int trial, int hits) {
        LiveView.Snapshot s = new LiveView.Snapshot();
        s.frame = frame++;
        s.state = state;
        s.trial = trial;
        s.hits = hits;
        s.timestamp = frame / 30.0;
        return tracker.observe(s);
    }

    @Test
    void oneOutcomePerTrialFromItsEndState() {
        assertNull(see(TaskState.TRIAL, 1, 0));
        assertEquals(Outcome.Kind.HIT, see(TaskState.HIT, 1, 1).kind());
        assertNull(see(TaskState.HIT, 1, 1), "the same hit seen again");
        assertNull(see(TaskState.ITI, 1, 1));
        assertNull(see(TaskState.TRIAL, 2, 1));
        assertEquals(Outcome.Kind.TIMEOUT, see(TaskState.TIMEOUT, 2, 1).kind());
        assertEquals(Outcome.Kind.FLOOR_FAIL, see(TaskState.FLOOR_FAIL, 3, 1).kind());
        // a hit whose HIT state fell between two reads is still counted, from the hit counter, for its own trial
        assertNull(see(TaskState.TRIAL, 4, 1));
        Outcome late = see(TaskState.LEAD, 5, 2);
        assertEquals(4, late.trial());
        assertEquals(Outcome.Kind.HIT, late.kind());
        assertNull(see(TaskState.TRIAL, 5, 2));
        List<Outcome> all = tracker.outcomes();
        assertEquals(3, all.size(), "capacity keeps the newest");
        assertEquals(List.of(2, 3, 4), all.stream().map(Outcome::trial).toList());
    }
}
