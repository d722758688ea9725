package org.apical.core;

/** Where the trial state machine is. */
public enum TaskState {
    /** Session start: no feedback, no rewards; the decoder calibrates on this period. */
    BASELINE,
    /** Inter-trial interval (after a hit, or the short lead before feedback). */
    ITI,
    /** Start of a trial before feedback begins (the reference program's grey lead frames). */
    LEAD,
    /** Closed loop: the grating follows the decoder. */
    TRIAL,
    /** Target reached: the target grating stays up; the reward goes out after the configured delay. */
    HIT,
    /** Trial ran out without a hit: penalty interval. */
    TIMEOUT,
    /** The signal fell below the calibration floor: the trial is aborted. */
    FLOOR_FAIL,
    /** All trials done. */
    DONE
}
