package org.apical.residual;

/**
 * One somatic event of a soma–dendrite pair with its dendritic partner: amplitudes (dF/F, peak minus the preceding
 * minimum), the dendritic amplitude the pair's fit predicts from the somatic one, and the residual D − (a + b·S)
 * (positive: amplified, negative: attenuated). {@code frame} is the session frame of the soma's peak (an index into
 * {@link ResidualData#frameTimes()} offline) and {@code time} its timestamp.
 */
public record ResidualEvent(int pair, int frame, double time, double soma, double dendrite, double predicted,
                            double residual, Kind kind, boolean coincident) {

    /** How the residual compares with the pair's residual spread. */
    public enum Kind {
        /** On the reference period, or before the fit exists: it shapes the fit instead of being judged by it. */
        REFERENCE,
        AMPLIFIED,
        ATTENUATED,
        NEITHER;

        public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** An event judged by no fit (offline analyses refit on their own). */
    public ResidualEvent(int pair, int frame, double time, double soma, double dendrite, double predicted,
                         double residual) {
        this(pair, frame, time, soma, dendrite, predicted, residual, Kind.NEITHER, true);
    }
}
