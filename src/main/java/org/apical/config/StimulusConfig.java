package org.apical.config;

/**
 * A stimulus definition ({@code stimuli/NAME.yaml}): the grating, its start and target orientation with the
 * target tolerance, what the screen shows between trials, and the photodiode patch.
 * Orientation convention: 0° = vertical bars (grating drifting horizontally), angles grow clockwise on screen.
 * Angles are orientations: 180° draws the same grating as 0° (drift included).
 * Luminances are fractions of the screen's range (0 = its black, 1 = its white); contrast is Michelson contrast.
 * {@code iti_display}/{@code timeout_display}: grey (the mean luminance), black, or static (the grating at the start
 * angle, not drifting).
 */
public record StimulusConfig(String name, String file, String text, Grating grating, double startAngle,
                             double targetAngle, double tolerance, String itiDisplay, String timeoutDisplay,
                             Photodiode photodiode) {

    public record Grating(String waveform, double spatialFrequencyCpd, double contrast, double meanLuminance,
                          double temporalFrequencyHz, String aperture, double sizeDeg) {}

    public record Photodiode(boolean enabled, String corner, int sizePx) {}

    public static StimulusConfig read(ConfigNode n, String text) {
        String name = n.string("name", RigConfig.stem(n.file()));
        ConfigNode g = n.child("grating");
        Grating grating = new Grating(
                g.choice("waveform", "sine", "sine", "square"),
                g.number("spatial_frequency_cpd", 0.04, 1e-4, 10),
                g.number("contrast", 1.0, 0, 1),
                g.number("mean_luminance", 0.5, 0, 1),
                g.number("temporal_frequency_hz", 0, 0, 100),
                g.choice("aperture", "circle", "circle", "rectangle", "none"),
                g.number("size_deg", 60, 1, 360));
        double top = grating.meanLuminance() * (1 + grating.contrast());
        if (top > 1 + 1e-9) {
            g.problem("contrast", "contrast " + grating.contrast() + " around mean_luminance "
                    + grating.meanLuminance() + " needs luminance up to " + Math.round(top * 1000) / 1000.0
                    + ", above the screen's maximum 1 (lower contrast or mean_luminance)");
        }
        g.finish();
        ConfigNode a = n.child("angles");
        double start = a.number("start", 0, -3600, 3600);
        double target = a.number("target", 90, -3600, 3600);
        double tolerance = a.number("tolerance", 7.5, 0, 180);
        a.finish();
        String iti = n.choice("iti_display", "grey", "grey", "black", "static");
        String timeout = n.choice("timeout_display", "black", "grey", "black", "static");
        ConfigNode p = n.child("photodiode");
        Photodiode pd = new Photodiode(p.bool("enabled", true),
                p.choice("corner", "bottom-right", "top-left", "top-right", "bottom-left", "bottom-right"),
                p.integer("size_px", 40, 4, 1000));
        p.finish();
        n.finish();
        return new StimulusConfig(name, n.file(), text, grating, start, target, tolerance, iti, timeout, pd);
    }
}
