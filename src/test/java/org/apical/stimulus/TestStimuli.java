package org.apical.stimulus;

import org.apical.config.ConfigNode;
import org.apical.config.Problems;
import org.apical.config.ScreenSection;
import org.apical.config.StimulusConfig;

/** Stimulus definitions written inline, read through the real validating reader. */
final class TestStimuli {
    private TestStimuli() {}

    static StimulusConfig stimulus(String yaml) {
        Problems p = new Problems();
        StimulusConfig s = StimulusConfig.read(ConfigNode.parse(yaml, "inline-stimulus.yaml", p), yaml);
        p.throwIfAny();
        return s;
    }

    static StimulusConfig grating(String waveform, double cpd, double contrast, String aperture, boolean diode) {
        return stimulus("""
                grating:
                  waveform: %s
                  spatial_frequency_cpd: %s
                  contrast: %s
                  mean_luminance: 0.5
                  temporal_frequency_hz: 2
                  aperture: %s
                  size_deg: 40
                photodiode:
                  enabled: %s
                  corner: top-left
                  size_px: 40
                """.formatted(waveform, cpd, contrast, aperture, diode));
    }

    static ScreenSection screen(double[] gamma) {
        return new ScreenSection(0, false, 1920, 1080, 52, 20, gamma, 60);
    }

    /** Pixels per degree at the centre of a flat screen, written out from the geometry (not from the renderer). */
    static double pixelsPerDegree(ScreenSection s, int renderWidth) {
        double pxPerCm = s.widthPx() / s.widthCm();
        double cmPerDegree = 2 * s.distanceCm() * Math.tan(Math.toRadians(0.5));
        return pxPerCm * cmPerDegree * renderWidth / s.widthPx();
    }
}
