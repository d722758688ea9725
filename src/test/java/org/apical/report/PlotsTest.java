package org.apical.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
    static final int RED = 0xd62728;
    @TempDir Path dir;

    @Test
    void scatterGridDrawsEachPanelsPointsAndFitWhereThatPanelIs() throws Exception {
        SplittableRandom rng = new SplittableRandom(1);
        ScatterGrid grid = new ScatterGrid("Dendrite against soma", "soma", "dendrite");
        for (int k = 0; k < 5; k++) {
            double[] x = new double[40], y = new double[40];
            for (int i = 0; i < 40; i++) { x[i] = rng.nextDouble(); y[i] = 0.2 + 0.8 * x[i] + 0.05 * rng.nextDouble(); }
            grid.add(new ScatterGrid.Panel("n" + k + " · P+", x, y, 0.2, 0.8));
        }
        grid.add(ScatterGrid.Panel.points("empty", new double[0], new double[0]));
        assertEquals(3, grid.columns());
        assertEquals(2, grid.rows());
        Path png = dir.resolve("scatter.png");
        grid.write(png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(grid.width(), img.getWidth());
        assertEquals(grid.height(), img.getHeight());
        // plot area of panel (column, row): inside the cell, clear of the tick labels
        int[] first = area(0, 0), empty = area(2, 1);
        assertTrue(Pixels.bluish(img, first[0], first[1], first[2], first[3]) > 100, "points of the first panel");
        assertTrue(Pixels.count(img, RED, first[0], first[1], first[2], first[3]) > 50, "its fit line");
        assertEquals(0, Pixels.bluish(img, empty[0], empty[1], empty[2], empty[3]), "nothing in the empty panel");
        assertEquals(0, Pixels.count(img, RED, empty[0], empty[1], empty[2], empty[3]));
        // a rising fit: red in the panel's upper right, not its lower right
        int midX = (first[0] + first[1]) / 2, midY = (first[2] + first[3]) / 2;
        assertTrue(Pixels.count(img, RED, midX, first[1], first[2], midY) > 5 * Pixels.count(img, RED, midX, first[1], midY, first[3]) + 1);
    }

    private static int[] area(int column, int row) {
        int cx = ScatterGrid.LEFT + column * ScatterGrid.CELL_W, cy = ScatterGrid.TOP + row * ScatterGrid.CELL_H;
        return new int[] {cx + 50, cx + ScatterGrid.CELL_W - 12, cy + 24, cy + ScatterGrid.CELL_H - 28};
    }

    @Test
    void scatterGridRefusesMorePanelsThanItHolds() {
        ScatterGrid grid = new ScatterGrid("t", "x", "y");
        for (int k = 0; k < ScatterGrid.MAX_PANELS; k++) grid.add(ScatterGrid.Panel.points("p", new double[1], new double[1]));
        assertThrows(IllegalArgumentException.class, () -> grid.add(ScatterGrid.Panel.points("p", new double[1], new double[1])));
    }

    @Test
    void histogramsSitOverTheirValues() throws Exception {
        SplittableRandom rng = new SplittableRandom(2);
        double[] left = new double[2000], right = new double[500];
        for (int i = 0; i < left.length; i++) left[i] = -2 + 0.5 * (rng.nextDouble() - 0.5);
        for (int i = 0; i < right.length; i++) right[i] = 2 + 0.5 * (rng.nextDouble() - 0.5);
        Histogram h = new Histogram("Residuals", "residual (dF/F)").add("awake", left).add("anaesthetised", right);
        double[] edges = h.edges();
        double[] d = Histogram.density(left, edges);
        double integral = 0;
        for (double v : d) integral += v * (edges[1] - edges[0]);
        assertEquals(1, integral, 1e-9, "a density integrates to 1");
        Path png = dir.resolve("hist.png");
        h.write(png, 600, 400);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(600, img.getWidth());
        assertEquals(400, img.getHeight());
        int mid = (80 + 576) / 2;
        // below the legend (upper left), inside the plot area
        int blueLeft = Pixels.bluish(img, 80, mid, 120, 338), blueRight = Pixels.bluish(img, mid, 576, 120, 338);
        int redLeft = Pixels.count(img, RED, 80, mid, 120, 338), redRight = Pixels.count(img, RED, mid, 576, 120, 338);
        assertTrue(blueLeft > 200 && blueRight < blueLeft / 20, "first sample left: " + blueLeft + " / " + blueRight);
        assertTrue(redRight > 50 && redLeft < redRight / 5, "second sample right: " + redLeft + " / " + redRight);
    }

    @Test
    void categoryBarsAndPointsGoUpAndDownWithTheirValues() throws Exception {
        List<String> cats = List.of("after_hit", "error", "error_rate");
        CategoryPlot bars = new CategoryPlot("Task coefficients", "coefficient", cats)
                .add("P+", new double[] {1, Double.NaN, -1}, new double[] {0.8, 0, -1.2}, new double[] {1.2, 0, -0.8})
                .style(CategoryPlot.Style.BARS);
        Path png = dir.resolve("bars.png");
        bars.write(png, 600, 400);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(600, img.getWidth());
        int slot = (576 - 80) / 3;
        int zero = zeroRow(img, 80 + slot + slot / 2);
        int c0 = 80 + slot / 2, c2 = 80 + 2 * slot + slot / 2;
        assertTrue(Pixels.bluish(img, c0 - 10, c0 + 10, 130, zero - 2) > 100, "a positive bar above zero");
        assertEquals(0, Pixels.bluish(img, c0 - 10, c0 + 10, zero + 3, zero + 80), "and nothing below");
        assertTrue(Pixels.bluish(img, c2 - 10, c2 + 10, zero + 3, zero + 80) > 100, "a negative bar below zero");
        assertEquals(0, Pixels.bluish(img, 80 + slot + 10, 80 + 2 * slot - 10, 60, 340), "NaN draws nothing");

        CategoryPlot points = new CategoryPlot("R²", "R²", List.of("a", "b"))
                .add("network", new double[] {0.5, 0.1}, null, null).add("control", new double[] {0, 0}, null, null);
        BufferedImage p = points.render(400, 300);
        assertTrue(Pixels.bluish(p, 80, 240, 40, 150) > 20, "the high point of the first group");
        assertTrue(Pixels.count(p, RED, 80, 376, 40, 300) > 20, "the second group in the second colour");
        assertThrows(IllegalArgumentException.class, () -> points.add("bad", new double[3], null, null));
    }

    /** The row of the darker zero line in a column (the grey drawn across the plot at y = 0). */
    private static int zeroRow(BufferedImage img, int x) {
        for (int y = 60; y < img.getHeight() - 60; y++) if ((img.getRGB(x, y) & 0xffffff) == 0x808080) return y;
        throw new AssertionError("no zero line in column " + x);
    }
}
