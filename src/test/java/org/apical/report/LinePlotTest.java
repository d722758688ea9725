package org.apical.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {
    @TempDir Path dir;

    @Test
    void drawsTheSeriesInItsColourAndWritesAPng() throws Exception {
        double[] x = {0, 1, 2, 3}, y = {0, 1, 2, 3};
        LinePlot p = new LinePlot("test", "x", "y").add(LinePlot.Series.of("line", x, y));
        BufferedImage img = p.render(400, 300);
        int blue = 0x1f77b4;
        int upperRight = Pixels.count(img, blue, 200, 400, 0, 150), lowerRight = Pixels.count(img, blue, 250, 400, 200, 300);
        assertTrue(upperRight > 20, "a rising line reaches the upper right: " + upperRight);
        assertTrue(lowerRight < upperRight / 4, "and stays out of the lower right: " + lowerRight);

        Path png = dir.resolve("p.png");
        p.write(png, 400, 300);
        BufferedImage back = ImageIO.read(png.toFile());
        assertEquals(400, back.getWidth());
        assertEquals(300, back.getHeight());
    }

    @Test
    void ticksAreRoundNumbersCoveringTheRange() {
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, Axes.ticks(0, 1), 1e-12);
        double[] t = Axes.ticks(3.7, 113.2);
        assertTrue(t[0] <= 3.7 && t[t.length - 1] >= 113.2);
        assertEquals(20, t[1] - t[0], 1e-9);
        assertArrayEquals(new double[] {1, 2, 3, 4}, Axes.ticks(1, 4, 1, 6), 1e-12);
    }
}
