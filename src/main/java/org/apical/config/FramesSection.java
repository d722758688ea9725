package org.apical.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw two-photon frames in ({@code input.source: frames}): where they come from (the acquisition program's TCP
 * protocol, an LSL stream of frames, a TIFF stack, the raw frames of a recording), their geometry and rate, the
 * reference image, rigid motion correction and the ROIs whose means become the session's input ({@code ApicalROIs}).
 * Files are named relative to the rig file's folder.
 *
 * <p>Several imaging planes ({@code geometry.planes} N above 1) arrive as one frame per plane, cycling plane 0 .. N−1
 * (one volume = N frames); {@code rate_hz} stays the frame rate, so the ROI stream (one sample per volume) runs at
 * {@link #volumeRateHz()}. Each plane has its reference, its motion correction and its ROIs: {@code rois.file} one
 * file per plane (a list) or YAML polygons each with its {@code plane}; {@code reference.file} one file per plane (a
 * list) or one stack whose pages cycle through the planes as the frames do.
 *
 * @param rateHz         frames per second (of every plane together); for {@code from: xdf}, 0 when not given (the
 *                       recording's own)
 * @param referenceFiles empty: the mean of each plane's first {@code referenceFrames} frames
 * @param rois           one file for every plane, or one per plane
 * @param recordRaw      also record the raw frames ({@value #RAW_STREAM}) in the session's file
 */
public record FramesSection(String from, int listen, String connectHost, int connectPort, Duration connectTimeout,
                            int lines, int pixels, int planes, double rateHz, boolean invert,
                            Path file, boolean realTime, int loops,
                            String streamName, String streamType, String sourceId,
                            int referenceFrames, List<Path> referenceFiles,
                            boolean motion, int[] grid, int patchSize, int maxShift, boolean subpixel,
                            List<Path> rois, List<RoiRole> roles, boolean publish, String streamOut,
                            boolean recordRaw) {

    /**
     * A ROI's compartment and neuron, by the ROI's name (or label number for a label image), in {@code plane} (−1:
     * whichever plane has a ROI of that name).
     */
    public record RoiRole(String roi, int plane, String type, String neuron) {}

    public static final int DEFAULT_PORT = 30001;
    /** The stream raw frames are recorded as, and read back from by {@code from: xdf}. */
    public static final String RAW_STREAM = "ApicalRawFrames";

    public boolean wholeFrame() { return grid == null; }

    /** Volumes per second: the ROI stream's rate (the frame rate when there is one plane). */
    public double volumeRateHz() { return rateHz / planes; }

    /** The ROI files, in words. */
    public String roisText() { return rois.size() == 1 ? rois.getFirst().toString() : rois.toString(); }

    static FramesSection read(ConfigNode n, boolean needed) {
        if (!needed) {
            if (n.has("frames")) n.problem("frames", "is read only with input.source: frames");
            return null;
        }
        Path base = Path.of(n.file()).toAbsolutePath().getParent();
        ConfigNode f = n.child("frames");
        String from = f.choice("from", "tcp", "tcp", "lsl", "tiff", "xdf");
        int listen = -1;
        String host = null;
        int port = -1;
        if (f.has("listen") && f.has("connect")) f.problem("connect", "give listen or connect, not both");
        if (f.has("connect")) {
            String c = f.string("connect", "");
            int colon = c.lastIndexOf(':');
            try {
                host = c.substring(0, colon);
                port = Integer.parseInt(c.substring(colon + 1).trim());
                if (host.isBlank() || port < 1 || port > 65535) throw new NumberFormatException();
            } catch (RuntimeException e) {
                f.problem("connect", "must be host:port (e.g. 10.0.0.2:30001), found '" + c + "'");
            }
        } else {
            listen = f.integer("listen", DEFAULT_PORT, 0, 65535);
        }
        Duration timeout = Duration.read(f, "connect_timeout", Duration.seconds(10));
        ConfigNode g = f.child("geometry");
        boolean tiff = "tiff".equals(from);
        boolean xdf = "xdf".equals(from);
        boolean fileSized = tiff || xdf;
        int lines = g.integer("lines", fileSized ? 0 : 512, fileSized ? 0 : 1, 1 << 15);
        int pixels = g.integer("pixels", fileSized ? 0 : 796, fileSized ? 0 : 1, 1 << 15);
        // a recording says how many planes it holds; 0: take its own
        int planes = g.integer("planes", xdf ? 0 : 1, xdf ? 0 : 1, 64);
        g.finish();
        if ((lines == 0) != (pixels == 0)) {
            f.problem("geometry", "give both lines and pixels, or neither to take the " + (xdf ? "recording's" : "TIFF's")
                    + " own");
        }
        double rate = xdf && !f.has("rate_hz") ? 0 : f.number("rate_hz", 30, 0.01, 10_000);
        boolean invert = f.bool("invert", false);
        Path file = null;
        if (f.has("file")) file = base.resolve(f.string("file", ""));
        else if (tiff) f.problem("file", "a TIFF source needs the stack's file");
        else if (xdf) f.problem("file", "an xdf source needs the recording (.xdf) whose raw frames it plays");
        String play = f.choice("play", "rate", "rate", "fast");
        int loops = f.integer("loops", 1, 1, 1_000_000);
        ConfigNode s = f.child("stream");
        String sName = s.string("name", "");
        String sType = s.string("type", "");
        String sid = s.string("source_id", "");
        s.finish();
        if ("lsl".equals(from) && sName.isEmpty() && sType.isEmpty() && sid.isEmpty()) {
            f.problem("stream", "an LSL frame source needs at least one of name, type, source_id");
        }
        if (xdf && sName.isEmpty()) sName = RAW_STREAM;
        if (xdf && (!sType.isEmpty() || !sid.isEmpty())) {
            f.problem("stream", "an xdf source names its stream by name only (default " + RAW_STREAM + ")");
        }
        ConfigNode ref = f.child("reference");
        int refFrames = ref.integer("frames", 30, 1, 100_000);
        List<Path> refFiles = files(ref, "file", base);
        if (refFiles.size() > 1 && planes > 0 && refFiles.size() != planes) {
            ref.problem("file", "one reference per plane: geometry.planes is " + planes + ", the list has "
                    + refFiles.size() + " files (or give one stack whose pages cycle through the planes)");
        }
        ref.finish();
        ConfigNode m = f.child("motion");
        boolean motion = m.bool("enabled", true);
        String region = m.choice("region", "patches", "patches", "whole");
        int[] grid = m.intList("grid", new int[] {2, 2}, 1, 16);
        if (grid.length != 2) m.problem("grid", "must be [rows, columns], found " + grid.length + " numbers");
        int patchSize = m.integer("patch_size", 64, 16, 4096);
        int maxShift = m.integer("max_shift", 20, 0, 1000);
        boolean subpixel = m.bool("subpixel", true);
        m.finish();
        ConfigNode r = f.child("rois");
        List<Path> rois = files(r, "file", base);
        if (rois.isEmpty()) {
            f.problem("rois.file", "the ROIs are needed: a label image (.tif/.png), YAML polygons or an ImageJ ROI set"
                    + " (with several planes: a list, one per plane, or YAML polygons each with its plane)");
        } else if (rois.size() > 1 && planes > 0 && rois.size() != planes) {
            r.problem("file", "one ROI file per plane: geometry.planes is " + planes + ", the list has " + rois.size()
                    + " files");
        } else if (rois.size() == 1 && planes > 1 && !yaml(rois.getFirst())) {
            r.problem("file", "with geometry.planes: " + planes + ", give one ROI file per plane (a list of " + planes
                    + ") or YAML polygons each with its plane; " + rois.getFirst().getFileName() + " has no planes");
        }
        List<RoiRole> roles = new ArrayList<>();
        for (ConfigNode role : r.children("roles")) {
            String roi = role.requiredString("roi");
            int plane = role.integer("plane", -1, 0, Math.max(0, (planes == 0 ? 64 : planes) - 1));
            String type = role.choice("type", "roi", "roi", "soma", "dendrite");
            String neuron = role.string("neuron", "");
            role.finish();
            if (!"roi".equals(type) && neuron.isEmpty()) {
                role.problem("neuron", "a " + type + " needs the neuron id that pairs it with its other compartment");
            }
            roles.add(new RoiRole(roi, plane, type, neuron));
        }
        r.finish();
        ConfigNode p = f.child("publish");
        boolean publish = p.bool("lsl", true);
        String out = p.string("name", "ApicalROIs");
        p.finish();
        boolean recordRaw = f.bool("record_raw", false);
        f.finish();
        return new FramesSection(from, listen, host, port, timeout, lines, pixels, planes, rate, invert, file,
                "rate".equals(play), loops, sName, sType, sid, refFrames, List.copyOf(refFiles), motion,
                "whole".equals(region) ? null : grid, patchSize, maxShift, subpixel, List.copyOf(rois),
                List.copyOf(roles), publish, out, recordRaw);
    }

    /** A file, or a list of files (one per plane), relative to the rig file's folder; empty when not given. */
    private static List<Path> files(ConfigNode n, String key, Path base) {
        List<Path> out = new ArrayList<>();
        if (!n.has(key)) return out;
        if (n.isTextList(key)) {
            for (String s : n.stringList(key, List.of())) out.add(base.resolve(s));
        } else {
            out.add(base.resolve(n.string(key, "")));
        }
        return out;
    }

    private static boolean yaml(Path p) {
        String s = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return s.endsWith(".yaml") || s.endsWith(".yml");
    }
}
