package org.apical.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Fft2dTest {
    /** The transform against the DFT's definition, for the power-of-two path and the JTransforms one. */
    @Test
    void forwardIsTheDftInTheTransposedLayoutAndInverseUndoesIt() {
        for (int[] size : new int[][] {{8, 16}, {32, 4}, {6, 10}}) {
            int w = size[0], h = size[1];
            Random rnd = new Random(w * 31L + h);
            float[] re = new float[w * h], im = new float[w * h];
            for (int k = 0; k < re.length; k++) {
                re[k] = (float) rnd.nextGaussian();
                im[k] = (float) rnd.nextGaussian();
            }
            float[] re0 = re.clone(), im0 = im.clone();
            Fft2d fft = new Fft2d(w, h);
            fft.forward(re, im);
            for (int kx = 0; kx < w; kx++) {
                for (int ky = 0; ky < h; ky++) {
                    double sr = 0, si = 0;
                    for (int x = 0; x < w; x++) {
                        for (int y = 0; y < h; y++) {
                            double a = -2 * Math.PI * ((double) kx * x / w + (double) ky * y / h);
                            double c = Math.cos(a), s = Math.sin(a);
                            sr += re0[x * h + y] * c - im0[x * h + y] * s;
                            si += re0[x * h + y] * s + im0[x * h + y] * c;
                        }
                    }
                    int at = fft.spectrumIndex(kx, ky);
                    assertEquals(sr, re[at], 1e-3, w + "×" + h + " re(" + kx + ", " + ky + ")");
                    assertEquals(si, im[at], 1e-3, w + "×" + h + " im(" + kx + ", " + ky + ")");
                }
            }
            fft.inverse(re, im);
            for (int k = 0; k < re.length; k++) {
                assertEquals(re0[k], re[k], 1e-4, w + "×" + h + " re at " + k);
                assertEquals(im0[k], im[k], 1e-4, w + "×" + h + " im at " + k);
            }
        }
    }
}
