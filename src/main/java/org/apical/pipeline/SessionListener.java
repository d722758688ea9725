package org.apical.pipeline;

import org.apical.core.TaskEvent;
import org.apical.task.TrialOutcome;

/** What the monitor tells the outside world (printing, console). Called on the monitor thread, never the decision thread. */
public interface SessionListener {
    default void onEvent(TaskEvent event) {}
    default void onTrial(TrialOutcome outcome) {}
}
