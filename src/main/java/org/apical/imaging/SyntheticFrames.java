package org.apical.imaging;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic two-photon field with a known answer, for tests and {@code apical frames bench}: a smooth background
 * and Gaussian cells (σ 2.5–4 px) at random places, rendered analytically at any rigid shift (sub-pixel included), so
 * a frame shifted by (dx, dy) is exactly the reference scene moved by (dx, dy), then rounded to uint16. Each cell's
 * brightness can change per frame (its activity). ROIs are the discs around the cells.
 */
public final class SyntheticFrames {
    private final FrameGeometry g;
    private final double[] cx, cy, sigma, amplitude;
    private final double background;

    public SyntheticFrames(FrameGeometry g, int cells, long seed) {
        this.g = g;
        SplittableRandom r = new SplittableRandom(seed);
        cx = new double[cells];
        cy = new double[cells];
        sigma = new double[cells];
        amplitude = new double[cells];
        for (int i = 0; i < cells; i++) {
            cx[i] = 12 + r.nextDouble() * (g.pixels() - 24);
            cy[i] = 12 + r.nextDouble() * (g.lines() - 24);
            sigma[i] = 2.5 + 1.5 * r.nextDouble();
            amplitude[i] = 800 + 2400 * r.nextDouble();
        }
        background = 300;
    }

    public int cells() { return cx.length; }

    /**
     * Renders the scene moved by (dx, dy) into {@code out} (column-major), each cell's brightness times
     * {@code activity[i]} (null: 1).
     */
    public void render(double dx, double dy, double[] activity, short[] out) {
        double[] v = new double[g.pixelCount()];
        int lines = g.lines();
        for (int x = 0; x < g.pixels(); x++) {
            for (int y = 0; y < lines; y++) {
                // a smooth, non-periodic background that moves with the scene
                double bx = x - dx, by = y - dy;
                v[x * lines + y] = background + 120 * Math.sin(bx / 37.0) * Math.cos(by / 23.0) + 0.15 * bx;
            }
        }
        for (int i = 0; i < cx.length; i++) {
            double a = amplitude[i] * (activity == null ? 1 : activity[i]);
            double s = sigma[i], px = cx[i] + dx, py = cy[i] + dy;
            int reach = (int) Math.ceil(4 * s);
            for (int x = Math.max(0, (int) px - reach); x <= Math.min(g.pixels() - 1, (int) px + reach); x++) {
                for (int y = Math.max(0, (int) py - reach); y <= Math.min(lines - 1, (int) py + reach); y++) {
                    double ex = x - px, ey = y - py;
                    v[x * lines + y] += a * Math.exp(-(ex * ex + ey * ey) / (2 * s * s));
                }
            }
        }
        for (int i = 0; i < v.length; i++) out[i] = (short) Math.max(0, Math.min(65535, Math.round(v[i])));
    }

    /** Disc ROIs of radius {@code radius} around the first {@code count} cells (reference coordinates). */
    public List<Roi> rois(int count, double radius) {
        List<Roi> out = new ArrayList<>();
        for (int i = 0; i < Math.min(count, cx.length); i++) {
            List<int[]> px = new ArrayList<>();
            for (int x = (int) (cx[i] - radius); x <= (int) (cx[i] + radius) + 1; x++) {
                for (int y = (int) (cy[i] - radius); y <= (int) (cy[i] + radius) + 1; y++) {
                    if (x < 0 || y < 0 || x >= g.pixels() || y >= g.lines()) continue;
                    double ex = x - cx[i], ey = y - cy[i];
                    if (ex * ex + ey * ey <= radius * radius) px.add(new int[] {x, y});
                }
            }
            int[] xs = new int[px.size()], ys = new int[px.size()];
            for (int k = 0; k < xs.length; k++) {
                xs[k] = px.get(k)[0];
                ys[k] = px.get(k)[1];
            }
            String type = i % 2 == 0 ? "soma" : "dendrite";
            out.add(new Roi("cell" + i, type, "n" + i / 2, xs, ys));
        }
        return out;
    }

    /** Little-endian bytes of a frame, as the acquisition program sends it. */
    public static byte[] wire(short[] frame) {
        byte[] b = new byte[frame.length * 2];
        for (int i = 0; i < frame.length; i++) {
            b[2 * i] = (byte) frame[i];
            b[2 * i + 1] = (byte) (frame[i] >>> 8);
        }
        return b;
    }
}
