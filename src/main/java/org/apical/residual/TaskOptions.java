package org.apical.residual;

/**
 * Settings of the task encoding (finding 3).
 *
 * @param afterOutcome an event within this many seconds after an outcome counts as "after" it
 * @param beforeHit    an event within this many seconds before a hit counts as "before" it
 * @param rateWindow   the error's rate of change is its slope over this centred window (s)
 * @param shifts       circular shifts of the task timeline for the permutation p-values
 * @param minEvents    neurons with fewer events get no fit
 * @param minPresent   an indicator regressor set on fewer events than this is left out of that neuron's fit
 * @param alpha        significance level for the sign-flip verdict
 * @param seed         the shifts and the role-label permutations
 */
public record TaskOptions(double afterOutcome, double beforeHit, double rateWindow, int shifts, int minEvents,
                          int minPresent, double alpha, long seed) {
    public TaskOptions {
        if (!(afterOutcome > 0) || !(beforeHit > 0) || !(rateWindow > 0)) {
            throw new IllegalArgumentException("task windows must be positive: after " + afterOutcome + " s, before "
                    + beforeHit + " s, rate " + rateWindow + " s");
        }
        if (shifts < 19) throw new IllegalArgumentException("task permutation test needs at least 19 shifts, got " + shifts);
        if (minEvents < 10) throw new IllegalArgumentException("task encoding minEvents must be at least 10, got " + minEvents);
        if (minPresent < 1) throw new IllegalArgumentException("minPresent must be at least 1, got " + minPresent);
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
    }

    public static TaskOptions defaults() { return new TaskOptions(2, 2, 1, 199, 20, 3, 0.05, 1L); }

    public TaskOptions withSeed(long s) {
        return new TaskOptions(afterOutcome, beforeHit, rateWindow, shifts, minEvents, minPresent, alpha, s);
    }

    public TaskOptions withShifts(int n) {
        return new TaskOptions(afterOutcome, beforeHit, rateWindow, n, minEvents, minPresent, alpha, seed);
    }
}
