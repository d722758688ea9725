package org.apical.config;

/**
 * How much water one valve gives per millisecond open, measured by weighing ({@code apical reward calibrate}) and
 * stored in the rig file under {@code reward.calibration}. Volume = ulPerMs × (open ms − deadMs): a valve gives
 * nothing for the first few milliseconds while it opens, which a fit over several open times reveals.
 *
 * @param measured free text (when, by whom), kept for the lab's records
 */
public record ValveCalibration(int valve, double ulPerMs, double deadMs, String measured) {

    /** The open time that gives {@code microlitres}, unclamped (the caller applies max_valve_open_ms). */
    public double openMs(double microlitres) {
        return microlitres / ulPerMs + deadMs;
    }

    /** The volume one pulse of {@code openMs} gives. */
    public double microlitres(double openMs) {
        return Math.max(0, (openMs - deadMs) * ulPerMs);
    }

    static ValveCalibration read(ConfigNode n) {
        int valve = n.integer("valve", 0, 0, 15);
        double ulPerMs = n.requiredNumber("ul_per_ms", 1e-6, 1000);
        double deadMs = n.number("dead_ms", 0, -1000, 1000);
        String measured = n.string("measured", "");
        n.finish();
        return new ValveCalibration(valve, ulPerMs <= 0 ? 1e-6 : ulPerMs, deadMs, measured);
    }
}
