package org.apical.stimulus;

import org.apical.config.StimulusConfig;
import org.apical.core.Display;
import org.apical.core.TaskState;

/**
 * What the screen shows for the loop's latest state. The task stage's published {@link Display} and angle are
 * followed, except between trials and in a time-out, where the stimulus file decides ({@code iti_display},
 * {@code timeout_display}: grey, black, or the grating static at the start angle), and before the first frame
 * arrives (the ITI screen). The target itself is never drawn: only the angle the task stage publishes.
 */
public final class DisplayRule {
    private final Display iti, timeout;
    private final double startAngle;

    /** The resolved choice, reused by its owner. */
    public static final class Shown {
        public Display display = Display.GREY;
        public double angle;
        /** False for a static grating: the drift clock stands still. */
        public boolean drifting;
    }

    public DisplayRule(StimulusConfig stimulus) {
        iti = display(stimulus.itiDisplay());
        timeout = display(stimulus.timeoutDisplay());
        startAngle = stimulus.startAngle();
    }

    private static Display display(String word) {
        return switch (word) {
            case "black" -> Display.BLACK;
            case "static" -> Display.GRATING;
            default -> Display.GREY;
        };
    }

    /** Fills {@code out}; {@code frame} &lt; 0 means nothing was published yet. */
    public Shown resolve(long frame, TaskState state, Display published, double angle, Shown out) {
        if (frame < 0 || state == TaskState.ITI) {
            set(out, iti, startAngle, false);
        } else if (state == TaskState.TIMEOUT) {
            set(out, timeout, startAngle, false);
        } else if (published == Display.GRATING && Double.isFinite(angle)) {
            set(out, Display.GRATING, angle, true);
        } else {
            set(out, published == Display.BLACK ? Display.BLACK : Display.GREY, angle, false);
        }
        return out;
    }

    private static void set(Shown out, Display d, double angle, boolean drifting) {
        out.display = d;
        out.angle = angle;
        out.drifting = drifting;
    }
}
