package org.apical.config;

/**
 * The monitor that shows the stimulus: which screen, its geometry (for cycles/degree), its refresh rate (for
 * counting missed display frames) and its gamma table.
 *
 * <p>{@code gamma}: absent = the monitor is treated as already linear; one number = a power-law exponent
 * (luminance = drive^γ); two or more numbers = luminance measured (photometer, any unit) at drive levels evenly
 * spaced from 0 to 255, non-decreasing. The renderer inverts it into a lookup table.
 */
public record ScreenSection(int index, boolean fullscreen, int widthPx, int heightPx, double widthCm,
                            double distanceCm, double[] gamma, double refreshHz) {

    /** The rig file's defaults, for commands run without a rig (stimulus preview and snapshot). */
    public static ScreenSection defaults() {
        Problems p = new Problems();
        ScreenSection s = read(ConfigNode.parse("", "(default screen)", p));
        p.throwIfAny();
        return s;
    }

    static ScreenSection read(ConfigNode n) {
        int index = n.integer("index", 0, 0, 16);
        boolean fullscreen = n.bool("fullscreen", true);
        int w = n.integer("width_px", 1920, 16, 16384);
        int h = n.integer("height_px", 1080, 16, 16384);
        double widthCm = n.number("width_cm", 52, 1, 1000);
        double distance = n.number("distance_cm", 20, 1, 1000);
        double[] gamma = n.numberList("gamma", null);
        if (gamma != null) checkGamma(n, gamma);
        double refresh = n.number("refresh_hz", 60, 10, 1000);
        n.finish();
        return new ScreenSection(index, fullscreen, w, h, widthCm, distance, gamma, refresh);
    }

    private static void checkGamma(ConfigNode n, double[] g) {
        if (g.length == 0) {
            n.problem("gamma", "is an empty list: give one exponent like [2.2] or measured luminances at evenly"
                    + " spaced drive levels like [0.3, 12.5, 48, 110]");
        } else if (g.length == 1) {
            if (g[0] < 0.2 || g[0] > 5) {
                n.problem("gamma", "a single value is a power-law exponent and must be between 0.2 and 5, found " + g[0]);
            }
        } else {
            for (int i = 0; i < g.length; i++) {
                if (g[i] < 0) {
                    n.problem("gamma", "entry " + i + " is a measured luminance and cannot be negative, found " + g[i]);
                    return;
                }
                if (i > 0 && g[i] < g[i - 1]) {
                    n.problem("gamma", "measured luminances must not decrease with the drive level: entry " + i
                            + " (" + g[i] + ") is below entry " + (i - 1) + " (" + g[i - 1] + ")");
                    return;
                }
            }
            if (g[g.length - 1] <= g[0]) {
                n.problem("gamma", "the last measured luminance must be above the first (the table is flat)");
            }
        }
    }
}
