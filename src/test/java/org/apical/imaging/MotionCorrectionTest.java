package org.apical.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rigid shifts of a synthetic field, known to the sub-pixel, recovered by phase correlation within 0.1 pixel. */
class MotionCorrectionTest {
    static final FrameGeometry G = new FrameGeometry(128, 160, 30);
    static final double[][] SHIFTS = {{0, 0}, {3, -2}, {-5, 4}, {0.5, -0.5}, {1.3, 2.7}, {-2.25, 0.8}, {6.6, -3.4},
            {-0.3, 0.15}, {-7.8, -6.1}};

    static float[] reference(SyntheticFrames scene) {
        short[] f = new short[G.pixelCount()];
        scene.render(0, 0, null, f);
        float[] ref = new float[f.length];
        for (int i = 0; i < f.length; i++) ref[i] = f[i] & 0xFFFF;
        return ref;
    }

    @Test
    void wholeFrameShiftsAreRecoveredWithinATenthOfAPixel() {
        check(new Patch[] {Patch.whole(G, 12)});
    }

    @Test
    void patchShiftsAreRecoveredWithinATenthOfAPixelByTheirMedian() {
        check(Patch.grid(G, 2, 2, 64, 12));
    }

    private static void check(Patch[] patches) {
        SyntheticFrames scene = new SyntheticFrames(G, 60, 7);
        MotionCorrector m = new MotionCorrector(G, patches, 12, true);
        m.reference(reference(scene));
        short[] f = new short[G.pixelCount()];
        double[] activity = new double[scene.cells()];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (double[] s : SHIFTS) {
            for (int i = 0; i < activity.length; i++) activity[i] = 0.8 + 0.4 * r.nextDouble();
            scene.render(s[0], s[1], activity, f);
            m.estimate(f);
            assertEquals(s[0], m.dx(), 0.1, "x shift of " + List.of(s[0], s[1]));
            assertEquals(s[1], m.dy(), 0.1, "y shift of " + List.of(s[0], s[1]));
        }
    }

    /** Two patches sharing one complex transform each find the shift their own transforms find, pass for pass. */
    @Test
    void twoPatchesInOneTransformGiveTheirOwnShifts() {
        SyntheticFrames scene = new SyntheticFrames(G, 60, 7);
        Patch[] grid = Patch.grid(G, 2, 2, 64, 12);
        PhaseCorrelator pairA = new PhaseCorrelator(grid[0], G, 12), pairB = new PhaseCorrelator(grid[3], G, 12);
        PhaseCorrelator soloA = new PhaseCorrelator(grid[0], G, 12), soloB = new PhaseCorrelator(grid[3], G, 12);
        float[] ref = reference(scene);
        for (PhaseCorrelator p : new PhaseCorrelator[] {pairA, pairB, soloA, soloB}) p.reference(ref);
        short[] f = new short[G.pixelCount()];
        for (double[] s : SHIFTS) {
            scene.render(s[0], s[1], null, f);
            PhaseCorrelator.estimatePair(pairA, pairB, f, true);
            soloA.estimate(f, true);
            soloB.estimate(f, true);
            assertEquals(soloA.dx, pairA.dx, 1e-3, "first patch x at " + List.of(s[0], s[1]));
            assertEquals(soloA.dy, pairA.dy, 1e-3, "first patch y at " + List.of(s[0], s[1]));
            assertEquals(soloB.dx, pairB.dx, 1e-3, "second patch x at " + List.of(s[0], s[1]));
            assertEquals(soloB.dy, pairB.dy, 1e-3, "second patch y at " + List.of(s[0], s[1]));
            assertEquals(s[0], pairB.dx, 0.2, "second patch x at " + List.of(s[0], s[1]));
        }
    }

    @Test
    void aShiftBeyondTheMaximumIsNotFollowed() {
        SyntheticFrames scene = new SyntheticFrames(G, 60, 7);
        MotionCorrector m = new MotionCorrector(G, new Patch[] {Patch.whole(G, 3)}, 3, false);
        m.reference(reference(scene));
        short[] f = new short[G.pixelCount()];
        scene.render(9, 0, null, f);
        m.estimate(f);
        assertEquals(true, Math.abs(m.dx()) <= 3 && Math.abs(m.dy()) <= 3, m.dx() + ", " + m.dy());
    }
}
