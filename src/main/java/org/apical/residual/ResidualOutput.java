package org.apical.residual;

/** Where the residual stage sends its results: LSL outlets, the session recording. Called on the stage's thread. */
public interface ResidualOutput {
    /** One residual value per pair for the frame at {@code timestamp} (NaN where a pair has no line yet). */
    void onFrame(double timestamp, double[] trace);

    /** A completed event, stamped with its soma's peak time. */
    void onEvent(ResidualEvent event, String marker);
}
