package org.apical.stimulus;

import static org.apical.stimulus.ImageAnalysis.drive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.apical.config.ScreenSection;
import org.apical.core.Display;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GratingRendererTest {
    private static final int W = 480, H = 270;

    @ParameterizedTest(name = "angle {0}°")
    @ValueSource(doubles = {0, 20, 45, 90, 135, 170, 179, 180, 181, 200, -10, 405})
    void drawnOrientationIsTheRequestedAngleModulo180(double angle) {
        GratingRenderer r = new GratingRenderer(TestStimuli.grating("sine", 0.08, 1, "none", false),
                TestStimuli.screen(null), W, H);
        r.draw(Display.GRATING, angle, 0, 1);
        double expected = ((angle % 180) + 180) % 180;
        double measured = ImageAnalysis.orientation(r.pixels(), W, 40, 40, W - 40, H - 40);
        assertTrue(ImageAnalysis.orientationError(measured, expected) < 1.0,
                "asked " + angle + "°, expected orientation " + expected + "°, measured " + measured + "°");
        assertTrue(ImageAnalysis.coherence(r.pixels(), W, 40, 40, W - 40, H - 40) > 0.95);
    }

    @Test
    void zeroDegreesIsVerticalBarsAndNinetyIsHorizontal() {
        GratingRenderer r = new GratingRenderer(TestStimuli.grating("square", 0.08, 1, "none", false),
                TestStimuli.screen(null), W, H);
        r.draw(Display.GRATING, 0, 0, 1);
        int[] px = r.pixels();
        for (int x = 0; x < W; x += 7) assertEquals(px[10 * W + x], px[200 * W + x], "0°: columns are uniform");
        r.draw(Display.GRATING, 90, 0, 1);
        for (int y = 0; y < H; y += 7) assertEquals(px[y * W + 10], px[y * W + 400], "90°: rows are uniform");
    }

    @Test
    void clockwiseMeansTheTopOfAVerticalBarLeansRight() {
        // at +30° a bar through the centre goes up and to the right: the pixel up-right of the centre on the bar
        // matches the centre, the one up-left does not (and the reverse at -30° = 150°)
        GratingRenderer r = new GratingRenderer(TestStimuli.grating("square", 0.05, 1, "none", false),
                TestStimuli.screen(null), W, H);
        double period = r.periodPixels();
        double along = period / 4;
        int cx = W / 2, cy = H / 2;
        for (double angle : new double[] {30, 150}) {
            r.draw(Display.GRATING, angle, 0, 1);
            double t = Math.toRadians(angle); // the bar runs along ±(-sin, cos); "up" is the sign with y < 0
            double sign = Math.cos(t) > 0 ? 1 : -1;
            int ux = (int) Math.round(cx + sign * along * Math.sin(t));
            int uy = (int) Math.round(cy - sign * along * Math.cos(t));
            assertTrue(uy < cy);
            int[] px = r.pixels();
            int centre = px[cy * W + cx];
            assertEquals(centre, px[uy * W + ux], "along the bar at " + angle + "°");
            if (angle == 30) assertTrue(ux > cx, "the bar's upper part is to the right for a clockwise angle");
            else assertTrue(ux < cx);
        }
    }

    @Test
    void periodFollowsCyclesPerDegreeAndScreenGeometry() {
        for (double cpd : new double[] {0.05, 0.1, 0.2}) {
            for (double angle : new double[] {0, 37, 90, 120}) {
                ScreenSection screen = TestStimuli.screen(null);
                GratingRenderer r = new GratingRenderer(TestStimuli.grating("sine", cpd, 1, "none", false), screen, W, H);
                r.draw(Display.GRATING, angle, 0, 1);
                int[] n = new int[1];
                double period = ImageAnalysis.periodAlong(r.pixels(), W, H, angle, r.greyDrive(), n);
                double expected = TestStimuli.pixelsPerDegree(screen, W) / cpd;
                assertTrue(n[0] >= 3, "enough cycles to measure at " + cpd + " cpd, " + angle + "°: " + n[0]);
                assertEquals(expected, period, expected * 0.02, cpd + " cpd at " + angle + "°");
            }
        }
    }

    @Test
    void contrastAndMeanLuminanceFromPixelsThroughTheGammaTable() {
        ScreenSection screen = TestStimuli.screen(new double[] {2.2});
        for (double contrast : new double[] {1.0, 0.5, 0.1}) {
            GratingRenderer r = new GratingRenderer(TestStimuli.grating("sine", 0.1, contrast, "none", false), screen, W, H);
            r.draw(Display.GRATING, 30, 0, 1);
            int lo = 255, hi = 0;
            for (int v : r.pixels()) {
                lo = Math.min(lo, drive(v));
                hi = Math.max(hi, drive(v));
            }
            GammaTable monitor = GammaTable.of(new double[] {2.2});
            double lMin = monitor.luminance(lo), lMax = monitor.luminance(hi);
            double michelson = (lMax - lMin) / (lMax + lMin);
            assertEquals(contrast, michelson, 0.02, "Michelson contrast of the emitted luminance");
            assertEquals(0.5, (lMax + lMin) / 2, 0.01, "mean luminance");
        }
        GratingRenderer r = new GratingRenderer(TestStimuli.grating("sine", 0.1, 1, "none", false), screen, W, H);
        r.draw(Display.GREY, 0, 0, 1);
        assertEquals(186, drive(r.pixels()[0]), "grey is drive 255·0.5^(1/2.2), not 128, on a γ=2.2 monitor");
    }

    @Test
    void measuredGammaTableIsInverted() {
        double[] measured = {0.5, 2, 8, 20, 40, 70, 100}; // cd/m² at 7 evenly spaced drive levels
        GammaTable g = GammaTable.of(measured);
        for (double l = 0; l <= 1.0001; l += 0.05) {
            int d = g.drive(l);
            assertEquals(l, g.luminance(d), 0.01, "luminance " + l + " → drive " + d);
        }
        assertEquals(0, g.drive(0));
        assertEquals(255, g.drive(1));
    }

    @Test
    void circularApertureShowsGreyOutsideAndGratingInside() {
        GratingRenderer r = new GratingRenderer(TestStimuli.grating("square", 0.1, 1, "circle", false),
                TestStimuli.screen(null), W, H);
        r.draw(Display.GRATING, 0, 0, 1);
        int grey = r.greyDrive();
        double radius = 40 * r.pixelsPerDegree() / 2;
        int[] px = r.pixels();
        int inside = 0, outside = 0, outsideGrey = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double d = Math.hypot(x + 0.5 - W / 2.0, y + 0.5 - H / 2.0);
                if (d > radius + 1) {
                    outside++;
                    if (drive(px[y * W + x]) == grey) outsideGrey++;
                } else if (d < radius - 1 && drive(px[y * W + x]) != grey) {
                    inside++;
                }
            }
        }
        assertEquals(outside, outsideGrey, "everything outside the aperture is the mean grey");
        assertTrue(outside > 1000 && inside > 1000);
    }

    @Test
    void photodiodePatchFlipsOnAngleUpdatesAndTrialStartsButNotOnDrift() {
        GratingRenderer r = new GratingRenderer(TestStimuli.grating("sine", 0.1, 1, "none", true),
                TestStimuli.screen(null), W, H);
        int size = r.photodiodePatch()[2];
        assertEquals(10, size, "40 px on the 1920-px screen is 10 px in a 480-px image");
        boolean s0 = r.draw(Display.GREY, 0, 0, 1);
        assertEquals(s0 ? 255 : 0, drive(r.pixels()[0]));
        assertEquals(s0, r.draw(Display.GREY, 0, 0, 1), "same picture: no flip");
        boolean s1 = r.draw(Display.GRATING, 10, 0, 1);
        assertNotEquals(s0, s1, "grating appears: flip");
        assertEquals(s1, r.draw(Display.GRATING, 10, 0.3, 1), "drift alone does not flip");
        boolean s2 = r.draw(Display.GRATING, 12, 0.3, 1);
        assertNotEquals(s1, s2, "angle update: flip");
        assertEquals(s2 ? 255 : 0, drive(r.pixels()[(size - 1) * W + size - 1]), "patch pixels follow the state");
        assertEquals(s2, r.draw(Display.GRATING, 192, 0.4, 1), "192° is the same orientation as 12°");
        boolean s3 = r.draw(Display.GRATING, 12, 0.4, 2);
        assertNotEquals(s2, s3, "trial start: flip");
        assertNotEquals(drive(r.pixels()[size * W + size]), -1);
    }

    @Test
    void driftMovesTheBarsAlongTheNormalAtTheTemporalFrequency() {
        GratingRenderer r = new GratingRenderer(TestStimuli.grating("sine", 0.1, 1, "none", false),
                TestStimuli.screen(null), W, H);
        double period = r.periodPixels();
        r.draw(Display.GRATING, 0, 0, 1);
        int[] before = r.pixels().clone();
        r.draw(Display.GRATING, 0, 0.125, 1); // 2 Hz · 0.125 s = a quarter cycle to the right
        int shift = (int) Math.round(period / 4);
        int y = H / 2, matches = 0;
        for (int x = 0; x + shift < W; x++) if (Math.abs(drive(before[y * W + x]) - drive(r.pixels()[y * W + x + shift])) <= 2) matches++;
        assertTrue(matches > 0.95 * (W - shift), "shifted right by a quarter period: " + matches);
        r.draw(Display.GRATING, 0, 0.5, 1); // a whole cycle: same picture
        int same = 0;
        for (int i = 0; i < before.length; i++) if (Math.abs(drive(before[i]) - drive(r.pixels()[i])) <= 1) same++;
        assertTrue(same > 0.99 * before.length);
    }

    @Test
    void drawingAllocatesNothing() {
        GratingRenderer r = new GratingRenderer(TestStimuli.grating("sine", 0.1, 1, "circle", true),
                TestStimuli.screen(null), W, H);
        for (int i = 0; i < 2000; i++) r.draw(Display.GRATING, i * 0.7, i / 60.0, i / 100);
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long before = bean.getThreadAllocatedBytes(id);
        for (int i = 0; i < 200; i++) r.draw(i % 3 == 0 ? Display.GREY : Display.GRATING, i * 0.7, i / 60.0, i / 10);
        long allocated = bean.getThreadAllocatedBytes(id) - before;
        assertTrue(allocated < 1024, "200 frames allocated " + allocated + " bytes");
    }
}
