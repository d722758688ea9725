package org.apical.config;

/** The monitor that shows the stimulus: which screen, its geometry (for cycles/degree) and its gamma table. */
public record ScreenSection(int index, boolean fullscreen, int widthPx, int heightPx, double widthCm,
                            double distanceCm, double[] gamma) {
    static ScreenSection read(ConfigNode n) {
        int index = n.integer("index", 0, 0, 16);
        boolean fullscreen = n.bool("fullscreen", true);
        int w = n.integer("width_px", 1920, 16, 16384);
        int h = n.integer("height_px", 1080, 16, 16384);
        double widthCm = n.number("width_cm", 52, 1, 1000);
        double distance = n.number("distance_cm", 20, 1, 1000);
        double[] gamma = n.numberList("gamma", null);
        n.finish();
        return new ScreenSection(index, fullscreen, w, h, widthCm, distance, gamma);
    }
}
