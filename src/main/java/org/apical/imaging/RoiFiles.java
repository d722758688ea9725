package org.apical.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.apical.config.ConfigNode;
import org.apical.config.Problems;

/**
 * ROIs from the files a lab already has: a label image (16-bit TIFF or PNG, 0 background, each ROI its own integer,
 * ROIs in label order), polygons in YAML ({@code rois: [{name, type, neuron, x: [...], y: [...]}]}, a pixel belongs to
 * a polygon when its centre is inside), or an ImageJ ROI set ({@code RoiSet.zip}, {@link ImageJRois}). A pixel's
 * coordinates are (x: pixel along a line, y: line), as in the frames.
 */
public final class RoiFiles {
    private RoiFiles() {}

    /** Reads the ROIs of {@code file}, by its extension; the frame geometry bounds them. */
    public static List<Roi> read(Path file, FrameGeometry g) throws IOException { return read(file, g, 0, 1); }

    /**
     * The ROIs of {@code file} for an acquisition of {@code planes} planes: the file of plane {@code plane}, or
     * ({@code plane} −1) YAML polygons for every plane, each giving its {@code plane}. With several planes a label
     * image's ROIs are named {@code p<plane>_roi<label>}, so the planes' names stay apart.
     */
    public static List<Roi> read(Path file, FrameGeometry g, int plane, int planes) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        List<Roi> rois;
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        if (plane < 0 && !yaml) {
            throw new IOException(file + ": with " + planes + " planes, give one ROI file per plane or YAML polygons"
                    + " each with its plane");
        }
        if (yaml) rois = polygons(file, g, plane, planes);
        else if (name.endsWith(".zip") || name.endsWith(".roi")) rois = ImageJRois.read(file, g);
        else if (name.endsWith(".tif") || name.endsWith(".tiff") || name.endsWith(".png")) rois = labels(file, g);
        else {
            throw new IOException(file + ": ROI files are label images (.tif, .tiff, .png), YAML polygons (.yaml) or"
                    + " ImageJ ROI sets (.zip, .roi)");
        }
        if (rois.isEmpty()) throw new IOException(file + ": holds no ROI");
        if (yaml) return rois;
        List<Roi> placed = new ArrayList<>(rois.size());
        for (Roi r : rois) {
            boolean label = name.endsWith(".tif") || name.endsWith(".tiff") || name.endsWith(".png");
            placed.add(r.onPlane(plane, planes > 1 && label ? "p" + plane + "_" + r.name() : r.name()));
        }
        return placed;
    }

    /** A label image: every nonzero value is one ROI, named {@code roi<label>}. */
    static List<Roi> labels(Path file, FrameGeometry g) throws IOException {
        int width, height;
        int[] values; // row-major
        String lower = file.toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) throw new IOException(file + ": not a readable PNG");
            Raster r = img.getRaster();
            if (r.getNumBands() != 1) {
                throw new IOException(file + ": a label image has one channel, this PNG has " + r.getNumBands());
            }
            width = img.getWidth();
            height = img.getHeight();
            values = r.getSamples(0, 0, width, height, 0, (int[]) null);
        } else {
            try (TiffStack s = TiffStack.open(file)) {
                width = s.width();
                height = s.height();
                int[] col = s.readValues(0);
                values = new int[col.length];
                for (int x = 0; x < width; x++) for (int y = 0; y < height; y++) values[y * width + x] = col[x * height + y];
            }
        }
        if (width != g.pixels() || height != g.lines()) {
            throw new IOException(file + ": the label image is " + height + " lines × " + width
                    + " pixels, the frames are " + g.lines() + " lines × " + g.pixels() + " pixels");
        }
        TreeMap<Integer, int[]> counts = new TreeMap<>();
        for (int v : values) if (v != 0) counts.computeIfAbsent(v, k -> new int[1])[0]++;
        List<Roi> out = new ArrayList<>();
        for (var e : counts.entrySet()) {
            int label = e.getKey();
            int[] xs = new int[e.getValue()[0]], ys = new int[xs.length];
            int n = 0;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if (values[y * width + x] == label) {
                        xs[n] = x;
                        ys[n++] = y;
                    }
                }
            }
            out.add(new Roi("roi" + label, "roi", "", xs, ys));
        }
        return out;
    }

    /** YAML polygons, validated like every definition file (each problem named by file and field). */
    static List<Roi> polygons(Path file, FrameGeometry g) { return polygons(file, g, 0, 1); }

    /** As {@link #polygons(Path, FrameGeometry)}: of plane {@code fixed}, or (−1) each of the plane it gives. */
    static List<Roi> polygons(Path file, FrameGeometry g, int fixed, int planes) {
        Problems problems = new Problems();
        ConfigNode root = ConfigNode.load(file, problems);
        List<Roi> out = new ArrayList<>();
        List<ConfigNode> list = root.children("rois");
        if (list.isEmpty()) root.problem("rois", "a list of ROIs is needed ({name, type, neuron, x: [...], y: [...]})");
        for (int i = 0; i < list.size(); i++) {
            ConfigNode n = list.get(i);
            String name = n.string("name", "roi" + i);
            String type = n.choice("type", "roi", "roi", "soma", "dendrite");
            String neuron = n.string("neuron", "");
            double[] x = n.numberList("x", new double[0]);
            double[] y = n.numberList("y", new double[0]);
            int plane = fixed < 0 ? 0 : fixed;
            if (n.has("plane")) {
                int given = n.integer("plane", plane, 0, planes - 1);
                if (fixed >= 0 && given != fixed) {
                    n.problem("plane", "this file is the ROI file of plane " + fixed + " (its place in frames.rois.file),"
                            + " found plane " + given);
                }
                plane = given;
            } else if (fixed < 0 && planes > 1) {
                n.problem("plane", "is required: the rig has " + planes + " planes and one ROI file for all of them");
            }
            n.finish();
            if (x.length < 3 || x.length != y.length) {
                n.problem("x", "a polygon needs at least 3 vertices with as many x as y (found " + x.length + " x, "
                        + y.length + " y)");
                continue;
            }
            Roi roi = polygon(name, type, neuron, x, y, g).onPlane(plane, name);
            if (roi.size() == 0) {
                n.problem("x", "the polygon covers no pixel centre inside the " + g.pixels() + " × " + g.lines()
                        + " frame");
                continue;
            }
            out.add(roi);
        }
        root.finish();
        problems.throwIfAny();
        return out;
    }

    /** The pixels whose centres (x + 0.5, y + 0.5) are inside the polygon (even-odd rule), clipped to the frame. */
    static Roi polygon(String name, String type, String neuron, double[] px, double[] py, FrameGeometry g) {
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (int i = 0; i < px.length; i++) {
            minX = Math.min(minX, px[i]);
            maxX = Math.max(maxX, px[i]);
            minY = Math.min(minY, py[i]);
            maxY = Math.max(maxY, py[i]);
        }
        List<int[]> pixels = new ArrayList<>();
        for (int y = Math.max(0, (int) Math.floor(minY)); y <= Math.min(g.lines() - 1, (int) Math.ceil(maxY)); y++) {
            for (int x = Math.max(0, (int) Math.floor(minX)); x <= Math.min(g.pixels() - 1, (int) Math.ceil(maxX)); x++) {
                if (contains(px, py, x + 0.5, y + 0.5)) pixels.add(new int[] {x, y});
            }
        }
        int[] xs = new int[pixels.size()], ys = new int[pixels.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = pixels.get(i)[0];
            ys[i] = pixels.get(i)[1];
        }
        return new Roi(name, type, neuron, xs, ys);
    }

    static boolean contains(double[] px, double[] py, double x, double y) {
        boolean in = false;
        for (int i = 0, j = px.length - 1; i < px.length; j = i++) {
            if ((py[i] > y) != (py[j] > y) && x < (px[j] - px[i]) * (y - py[i]) / (py[j] - py[i]) + px[i]) in = !in;
        }
        return in;
    }
}
