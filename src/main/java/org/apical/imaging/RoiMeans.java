package org.apical.imaging;

/**
 * The mean of each ROI's pixels in a frame after the frame's shift: the ROI's reference-image pixel (x, y) is read in
 * the frame at (x + dx, y + dy), rounded to the nearest pixel or bilinearly interpolated. Pixels that the shift takes
 * outside the frame are left out of the mean (NaN when none is left). Flat indices are computed once; a frame costs
 * one pass over the ROI pixels and allocates nothing.
 */
public final class RoiMeans {
    private final FrameGeometry g;
    private final int[][] index;
    private final int[][] xs;
    private final int[][] ys;
    private final int[] minX, maxX, minY, maxY;

    public RoiMeans(FrameGeometry g, java.util.List<Roi> rois) {
        this.g = g;
        int n = rois.size();
        index = new int[n][];
        xs = new int[n][];
        ys = new int[n][];
        minX = new int[n];
        maxX = new int[n];
        minY = new int[n];
        maxY = new int[n];
        for (int r = 0; r < n; r++) {
            Roi roi = rois.get(r);
            xs[r] = roi.xs();
            ys[r] = roi.ys();
            index[r] = new int[roi.size()];
            minX[r] = minY[r] = Integer.MAX_VALUE;
            maxX[r] = maxY[r] = Integer.MIN_VALUE;
            for (int p = 0; p < roi.size(); p++) {
                int x = roi.xs()[p], y = roi.ys()[p];
                if (x < 0 || y < 0 || x >= g.pixels() || y >= g.lines()) {
                    throw new IllegalArgumentException("ROI '" + roi.name() + "' has pixel (" + x + ", " + y
                            + ") outside the " + g.pixels() + " × " + g.lines() + " frame");
                }
                index[r][p] = g.index(x, y);
                minX[r] = Math.min(minX[r], x);
                maxX[r] = Math.max(maxX[r], x);
                minY[r] = Math.min(minY[r], y);
                maxY[r] = Math.max(maxY[r], y);
            }
        }
    }

    public int count() { return index.length; }

    /** Writes each ROI's mean into {@code out[0 .. count)}. */
    public void compute(short[] frame, double dx, double dy, boolean bilinear, double[] out) {
        compute(frame, dx, dy, bilinear, out, 0);
    }

    /** Writes each ROI's mean into {@code out[at .. at + count)}. */
    public void compute(short[] frame, double dx, double dy, boolean bilinear, double[] out, int at) {
        if (bilinear && (dx != Math.rint(dx) || dy != Math.rint(dy))) {
            bilinear(frame, dx, dy, out, at);
        } else {
            nearest(frame, (int) Math.rint(dx), (int) Math.rint(dy), out, at);
        }
    }

    private void nearest(short[] frame, int sx, int sy, double[] out, int at) {
        int offset = sx * g.lines() + sy;
        for (int r = 0; r < index.length; r++) {
            int[] idx = index[r];
            if (inside(r, sx, sy, 0)) {
                long sum = 0;
                for (int k : idx) sum += frame[k + offset] & 0xFFFF;
                out[at + r] = (double) sum / idx.length;
            } else {
                long sum = 0;
                int n = 0;
                for (int p = 0; p < idx.length; p++) {
                    int x = xs[r][p] + sx, y = ys[r][p] + sy;
                    if (x < 0 || y < 0 || x >= g.pixels() || y >= g.lines()) continue;
                    sum += frame[idx[p] + offset] & 0xFFFF;
                    n++;
                }
                out[at + r] = n == 0 ? Double.NaN : (double) sum / n;
            }
        }
    }

    private void bilinear(short[] frame, double dx, double dy, double[] out, int at) {
        int ix = (int) Math.floor(dx), iy = (int) Math.floor(dy);
        double fx = dx - ix, fy = dy - iy;
        double w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
        int lines = g.lines();
        int offset = ix * lines + iy;
        for (int r = 0; r < index.length; r++) {
            int[] idx = index[r];
            double sum = 0;
            int n = 0;
            boolean all = inside(r, ix, iy, 1);
            for (int p = 0; p < idx.length; p++) {
                if (!all) {
                    int x = xs[r][p] + ix, y = ys[r][p] + iy;
                    if (x < 0 || y < 0 || x + 1 >= g.pixels() || y + 1 >= lines) continue;
                }
                int k = idx[p] + offset;
                sum += w00 * (frame[k] & 0xFFFF) + w01 * (frame[k + 1] & 0xFFFF)
                        + w10 * (frame[k + lines] & 0xFFFF) + w11 * (frame[k + lines + 1] & 0xFFFF);
                n++;
            }
            out[at + r] = n == 0 ? Double.NaN : sum / n;
        }
    }

    private boolean inside(int r, int sx, int sy, int margin) {
        return minX[r] + sx >= 0 && minY[r] + sy >= 0 && maxX[r] + sx + margin < g.pixels()
                && maxY[r] + sy + margin < g.lines();
    }
}
