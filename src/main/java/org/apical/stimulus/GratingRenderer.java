package org.apical.stimulus;

import java.util.Arrays;
import org.apical.config.ScreenSection;
import org.apical.config.StimulusConfig;
import org.apical.core.Display;

/**
 * Draws the grating the mouse sees into a reused ARGB pixel buffer. Everything that does not change from frame to
 * frame is computed once: the waveform through the gamma table (one period, 4096 phase steps, as ready ARGB
 * values), the aperture's span on every row. A frame then costs two trigonometric calls and, per pixel, one
 * integer add, one shift and one table load; no allocation.
 *
 * <p>Geometry: the screen's pixels per degree at its centre, {@code (width_px / width_cm) · 2 d · tan(0.5°)} for a
 * flat screen at viewing distance d (no spherical correction), scaled when the buffer is smaller than the screen
 * (preview windows, snapshots), so a smaller buffer shows the same visual field.
 *
 * <p>Orientation: 0° = vertical bars, angles grow clockwise on screen. In screen coordinates (x right, y down)
 * the grating varies along the normal (cos θ, sin θ) with θ wrapped into [0°, 180°); drift moves the bars along
 * that normal (rightwards at 0°, downwards at 90°). The phase is anchored at the screen centre, so a new angle
 * rotates the grating about the centre.
 */
public final class GratingRenderer {
    /** One waveform period is 2^PHASE_BITS table entries; phase is an int holding 2^-32 cycles. */
    static final int PHASE_BITS = 12;
    private static final int SHIFT = 32 - PHASE_BITS;
    private static final int MASK = (1 << PHASE_BITS) - 1;
    private static final double TWO_32 = 4294967296.0;
    private static final int OPAQUE = 0xFF000000;

    private final int width;
    private final int height;
    private final int[] pixels;
    private final int[] wave = new int[1 << PHASE_BITS];
    private final int[] rowStart;
    private final int[] rowEnd;
    private final double pixelsPerDegree;
    private final double cyclesPerPixel;
    private final double temporalHz;
    private final int grey;
    private final int black;
    private final GammaTable gamma;
    private final double meanLuminance;
    private final double contrast;

    private final boolean diode;
    private final int diodeX, diodeY, diodeSize;
    private boolean diodeOn;

    private Display lastDisplay;
    private double lastAngle = Double.NaN;
    private int lastTrial = Integer.MIN_VALUE;

    public GratingRenderer(StimulusConfig stimulus, ScreenSection screen, int width, int height) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("render size " + width + "x" + height);
        this.width = width;
        this.height = height;
        this.pixels = new int[width * height];
        StimulusConfig.Grating g = stimulus.grating();
        double screenPpd = screen.widthPx() / screen.widthCm() * 2 * screen.distanceCm()
                * Math.tan(Math.toRadians(0.5));
        double scale = (double) width / screen.widthPx();
        pixelsPerDegree = screenPpd * scale;
        cyclesPerPixel = g.spatialFrequencyCpd() / pixelsPerDegree;
        temporalHz = g.temporalFrequencyHz();
        gamma = GammaTable.of(screen.gamma());
        meanLuminance = g.meanLuminance();
        contrast = g.contrast();
        grey = argb(gamma.drive(meanLuminance));
        black = argb(0);
        boolean square = g.waveform().equals("square");
        for (int i = 0; i < wave.length; i++) {
            double phase = (i + 0.5) / wave.length; // cycles, sampled at the table cell's centre
            double w = square ? (phase < 0.5 ? 1 : -1) : Math.cos(2 * Math.PI * phase);
            wave[i] = argb(gamma.drive(meanLuminance * (1 + contrast * w)));
        }
        rowStart = new int[height];
        rowEnd = new int[height];
        apertureSpans(g.aperture(), g.sizeDeg() * pixelsPerDegree);

        StimulusConfig.Photodiode pd = stimulus.photodiode();
        diode = pd.enabled();
        diodeSize = Math.max(2, Math.min(Math.min(width, height), (int) Math.round(pd.sizePx() * scale)));
        diodeX = pd.corner().endsWith("left") ? 0 : width - diodeSize;
        diodeY = pd.corner().startsWith("top") ? 0 : height - diodeSize;
    }

    private void apertureSpans(String aperture, double sizePx) {
        double cx = width / 2.0, cy = height / 2.0, half = sizePx / 2;
        for (int y = 0; y < height; y++) {
            double dy = y + 0.5 - cy;
            double hw = switch (aperture) {
                case "circle" -> Math.abs(dy) <= half ? Math.sqrt(half * half - dy * dy) : -1;
                case "rectangle" -> Math.abs(dy) <= half ? half : -1;
                default -> Double.POSITIVE_INFINITY;
            };
            if (hw < 0) {
                rowStart[y] = rowEnd[y] = 0;
                continue;
            }
            // pixel x is inside when its centre x + 0.5 lies within [cx - hw, cx + hw]
            rowStart[y] = (int) Math.clamp(Math.ceil(cx - hw - 0.5), 0, width);
            rowEnd[y] = (int) Math.clamp(Math.floor(cx + hw - 0.5) + 1, 0, width);
            if (rowEnd[y] < rowStart[y]) rowEnd[y] = rowStart[y];
        }
    }

    /**
     * Draws one frame. {@code seconds} drives the drift (pass a constant for a static grating); {@code trial} is
     * the pipeline's trial number. The photodiode patch flips whenever what is shown changes (another display,
     * another angle) and when the trial number changes, never for drift alone. Returns the patch's state.
     */
    public boolean draw(Display display, double angleDeg, double seconds, int trial) {
        double angle = wrap(angleDeg);
        boolean changed = display != lastDisplay || trial != lastTrial
                || (display == Display.GRATING && angle != lastAngle);
        if (changed && lastDisplay != null) diodeOn = !diodeOn;
        lastDisplay = display;
        lastTrial = trial;
        if (display == Display.GRATING) lastAngle = angle;
        switch (display) {
            case GREY -> Arrays.fill(pixels, grey);
            case BLACK -> Arrays.fill(pixels, black);
            case GRATING -> grating(angle, seconds);
        }
        if (diode) patch(diodeOn ? argb(255) : black);
        return diodeOn;
    }

    private void grating(double angle, double seconds) {
        double rad = Math.toRadians(angle);
        double c = Math.cos(rad), s = Math.sin(rad);
        int dx = (int) (long) Math.rint(c * cyclesPerPixel * TWO_32);
        double drift = temporalHz * seconds;
        double x0 = 0.5 - width / 2.0;
        final int[] pixels = this.pixels, wave = this.wave; // locals: the JIT keeps them in registers
        for (int y = 0; y < height; y++) {
            int o = y * width;
            int a = rowStart[y], b = rowEnd[y];
            if (a > 0) Arrays.fill(pixels, o, o + a, grey);
            if (b > a) {
                double cycles = ((x0 + a) * c + (y + 0.5 - height / 2.0) * s) * cyclesPerPixel - drift;
                int p = fixed(cycles);
                for (int x = o + a, end = o + b; x < end; x++) {
                    pixels[x] = wave[(p >>> SHIFT) & MASK];
                    p += dx;
                }
            }
            if (b < width) Arrays.fill(pixels, o + Math.max(a, b), o + width, grey);
        }
    }

    private void patch(int colour) {
        for (int y = diodeY; y < diodeY + diodeSize; y++) {
            int o = y * width + diodeX;
            Arrays.fill(pixels, o, o + diodeSize, colour);
        }
    }

    /** Cycles → fixed-point phase (the fractional part in 2^-32 cycles); wrap-around is the int's own. */
    private static int fixed(double cycles) {
        double f = cycles - Math.floor(cycles);
        return (int) (long) (f * TWO_32);
    }

    /** An orientation in [0, 180). */
    public static double wrap(double angleDeg) {
        double a = angleDeg % 180.0;
        if (a < 0) a += 180.0;
        return a == 180.0 ? 0.0 : a;
    }

    private static int argb(int drive) {
        return OPAQUE | drive << 16 | drive << 8 | drive;
    }

    /** The buffer drawn into: ARGB, row-major, {@code width × height}, reused for every frame. */
    public int[] pixels() { return pixels; }
    public int width() { return width; }
    public int height() { return height; }
    public double pixelsPerDegree() { return pixelsPerDegree; }
    /** One grating period along its normal, in buffer pixels. */
    public double periodPixels() { return 1 / cyclesPerPixel; }
    public boolean photodiodeOn() { return diodeOn; }
    public GammaTable gamma() { return gamma; }
    /** The drive level (0..255) of the background (mean luminance). */
    public int greyDrive() { return grey & 0xFF; }
    /** Lowest and highest drive level the waveform uses. */
    public int minDrive() { return extreme(true); }
    public int maxDrive() { return extreme(false); }

    private int extreme(boolean min) {
        int best = min ? 255 : 0;
        for (int v : wave) best = min ? Math.min(best, v & 0xFF) : Math.max(best, v & 0xFF);
        return best;
    }

    /** The photodiode patch: x, y, size in buffer pixels, or null when disabled. */
    public int[] photodiodePatch() { return diode ? new int[] {diodeX, diodeY, diodeSize} : null; }
}
