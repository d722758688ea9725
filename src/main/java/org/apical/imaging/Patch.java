package org.apical.imaging;

/** A rectangle of the frame used for motion estimation: columns [x, x + width), lines [y, y + height). */
public record Patch(int x, int y, int width, int height) {

    /**
     * The whole frame less a margin of {@code margin} pixels (the maximum shift) on every side, so a window that follows
     * the content never leaves the frame.
     */
    public static Patch whole(FrameGeometry g, int margin) {
        int m = Math.max(0, Math.min(margin, Math.min(g.pixels(), g.lines()) / 4));
        return new Patch(m, m, g.pixels() - 2 * m, g.lines() - 2 * m);
    }

    /**
     * A grid of {@code rows} × {@code columns} square patches of side {@code size}, each centred in its cell of the frame
     * less the margin (the source lab corrects on a few patches and takes the median shift).
     */
    public static Patch[] grid(FrameGeometry g, int rows, int columns, int size, int margin) {
        Patch[] out = new Patch[rows * columns];
        int m = Math.max(0, Math.min(margin, Math.min(g.pixels(), g.lines()) / 4));
        int side = Math.min(size, Math.min((g.pixels() - 2 * m) / columns, (g.lines() - 2 * m) / rows));
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int cx = m + (int) ((c + 0.5) * (g.pixels() - 2 * m) / columns);
                int cy = m + (int) ((r + 0.5) * (g.lines() - 2 * m) / rows);
                out[r * columns + c] = new Patch(cx - side / 2, cy - side / 2, side, side);
            }
        }
        return out;
    }

    public boolean inside(FrameGeometry g) {
        return x >= 0 && y >= 0 && width >= 8 && height >= 8 && x + width <= g.pixels() && y + height <= g.lines();
    }
}
