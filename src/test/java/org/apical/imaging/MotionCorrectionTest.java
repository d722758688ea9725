package org.apical.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rigid shifts of a synthetic field, known to the sub-pixel, recovered by template matching within 0.1 pixel. */
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
        TemplateMatcher pairA = new TemplateMatcher(grid[0], G, 12), pairB = new TemplateMatcher(grid[3], G, 12);
        TemplateMatcher soloA = new TemplateMatcher(grid[0], G, 12), soloB = new TemplateMatcher(grid[3], G, 12);
        float[] ref = reference(scene);
        for (TemplateMatcher p : new TemplateMatcher[] {pairA, pairB, soloA, soloB}) p.reference(ref);
        short[] f = new short[G.pixelCount()];
        for (double[] s : SHIFTS) {
            scene.render(s[0], s[1], null, f);
            TemplateMatcher.estimatePair(pairA, pairB, f, true);
            soloA.estimate(f, true);
            soloB.estimate(f, true);
            assertEquals(soloA.dx, pairA.dx, 1e-3, "first patch x at " + List.of(s[0], s[1]));
            assertEquals(soloA.dy, pairA.dy, 1e-3, "first patch y at " + List.of(s[0], s[1]));
            assertEquals(soloB.dx, pairB.dx, 1e-3, "second patch x at " + List.of(s[0], s[1]));
            assertEquals(soloB.dy, pairB.dy, 1e-3, "second patch y at " + List.of(s[0], s[1]));
            assertEquals(s[0], pairB.dx, 0.2, "second patch x at " + List.of(s[0], s[1]));
        }
    }

    /**
     * The bench's sparse field (a cell per 3,000 px², so some patches hold little more than background) with content
     * that jumps 1–3 px every frame: the median stays within a twentieth of a pixel, frame after frame, though a
     * patch with little content may find a wrapped-around match (its window then starts from the frame's shift).
     */
    @Test
    void aSparseFieldThatJumpsEveryFrameIsFollowedWithinAFewHundredthsOfAPixel() {
        FrameGeometry g = new FrameGeometry(512, 796, 30);
        SyntheticFrames scene = new SyntheticFrames(g, 134, 1);
        short[] f = new short[g.pixelCount()];
        scene.render(0, 0, null, f);
        float[] ref = new float[f.length];
        for (int i = 0; i < f.length; i++) ref[i] = f[i] & 0xFFFF;
        MotionCorrector m = new MotionCorrector(g, Patch.grid(g, 2, 2, 64, 20), 20, true);
        m.reference(ref);
        short[][] frames = new short[16][];
        double[][] shifts = new double[16][];
        for (int i = 0; i < 16; i++) {
            shifts[i] = new double[] {3 * Math.sin(i * 0.7) + 0.37, 2 * Math.cos(i * 0.45) - 0.21};
            frames[i] = new short[g.pixelCount()];
            scene.render(shifts[i][0], shifts[i][1], null, frames[i]);
        }
        for (int k = 0; k < 64; k++) {
            m.estimate(frames[k % 16]);
            assertEquals(shifts[k % 16][0], m.dx(), 0.05, "x shift of frame " + k);
            assertEquals(shifts[k % 16][1], m.dy(), 0.05, "y shift of frame " + k);
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
