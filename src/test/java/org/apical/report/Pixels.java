package org.apical.report;

import java.awt.image.BufferedImage;
import java.util.function.IntPredicate;

/** Counting pixels in a region of a rendered plot: proof that something was drawn where the data are. */
final class Pixels {
    private Pixels() {}

    /** Pixels within a small distance of colour {@code rgb} in [x0, x1) × [y0, y1). */
    static int count(BufferedImage img, int rgb, int x0, int x1, int y0, int y1) {
        return count(img, c -> {
            int dr = Math.abs(((c >> 16) & 255) - ((rgb >> 16) & 255));
            int dg = Math.abs(((c >> 8) & 255) - ((rgb >> 8) & 255));
            int db = Math.abs((c & 255) - (rgb & 255));
            return dr + dg + db < 40;
        }, x0, x1, y0, y1);
    }

    /** Pixels with clearly more blue than red: the first palette colour, translucent or not, on white. */
    static int bluish(BufferedImage img, int x0, int x1, int y0, int y1) {
        return count(img, c -> (c & 255) - ((c >> 16) & 255) > 50, x0, x1, y0, y1);
    }

    static int count(BufferedImage img, IntPredicate rgb, int x0, int x1, int y0, int y1) {
        int n = 0;
        for (int x = Math.max(0, x0); x < Math.min(x1, img.getWidth()); x++) {
            for (int y = Math.max(0, y0); y < Math.min(y1, img.getHeight()); y++) {
                if (rgb.test(img.getRGB(x, y) & 0xffffff)) n++;
            }
        }
        return n;
    }
}
