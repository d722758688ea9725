package org.apical.information;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScatterTest {
    @Test
    void tiledWeightedScatterEqualsTheDefinitionAcrossTileBoundaries() {
        int rows = 13, n = 300; // 300 crosses the 32-row and 256-column tiles; 13 rows leave a remainder of 1
        SplittableRandom rng = new SplittableRandom(1);
        double[] x = new double[rows * n], w = new double[rows];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextGaussian();
        for (int k = 0; k < rows; k++) w[k] = rng.nextInt(3);
        double[] c = Scatter.of(x, rows, n, w);
        for (int i = 0; i < n; i += 7) {
            for (int j = 0; j < n; j += 5) {
                double s = 0;
                for (int k = 0; k < rows; k++) s += w[k] * x[k * n + i] * x[k * n + j];
                assertEquals(s, c[i * n + j], 1e-9, "entry " + i + "," + j);
            }
        }
    }
}
