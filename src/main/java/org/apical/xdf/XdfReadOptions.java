package org.apical.xdf;

/**
 * How {@link XdfReader} post-processes timestamps and handles damage.
 *
 * @param synchronizeClocks add the fitted clock offset (a + b·t) to each stream's timestamps, as pyxdf does
 * @param robustClockFit    fit offsets with a Huber loss (outlier measurements barely move the line) instead of
 *                          ordinary least squares
 * @param dejitter          replace timestamps of regular streams by a least-squares line per segment (pyxdf's
 *                          default; off here so recorded timestamps stay exact)
 * @param recover           on a corrupt chunk, note the problem and resume after the next Boundary chunk instead
 *                          of failing
 */
public record XdfReadOptions(boolean synchronizeClocks, boolean robustClockFit, boolean dejitter, boolean recover) {

    /** Clock synchronisation with a robust fit, no dejittering, corrupt chunks are errors. */
    public static XdfReadOptions defaults() { return new XdfReadOptions(true, true, false, false); }

    /** Timestamps exactly as stored (no synchronisation, no dejittering). */
    public static XdfReadOptions raw() { return new XdfReadOptions(false, false, false, false); }

    public XdfReadOptions withDejitter(boolean on) { return new XdfReadOptions(synchronizeClocks, robustClockFit, on, recover); }

    public XdfReadOptions withRecover(boolean on) { return new XdfReadOptions(synchronizeClocks, robustClockFit, dejitter, on); }

    public XdfReadOptions withSynchronizeClocks(boolean on) { return new XdfReadOptions(on, robustClockFit, dejitter, recover); }

    public XdfReadOptions withRobustClockFit(boolean on) { return new XdfReadOptions(synchronizeClocks, on, dejitter, recover); }
}
