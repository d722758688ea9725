package org.apical.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw two-photon frames in ({@code input.source: frames}): where they come from (the acquisition program's TCP
 * protocol, an LSL stream of frames, a TIFF stack), their geometry and rate, the reference image, rigid motion
 * correction and the ROIs whose means become the session's input ({@code ApicalROIs}). Files are named relative to the
 * rig file's folder.
 */
public record FramesSection(String from, int listen, String connectHost, int connectPort, Duration connectTimeout,
                            int lines, int pixels, int planes, double rateHz, boolean invert,
                            Path file, boolean realTime, int loops,
                            String streamName, String streamType, String sourceId,
                            int referenceFrames, Path referenceFile,
                            boolean motion, int[] grid, int patchSize, int maxShift, boolean subpixel,
                            Path rois, List<RoiRole> roles, boolean publish, String streamOut) {

    /** A ROI's compartment and neuron, by the ROI's name (or label number for a label image). */
    public record RoiRole(String roi, String type, String neuron) {}

    public static final int DEFAULT_PORT = 30001;

    public boolean wholeFrame() { return grid == null; }

    static FramesSection read(ConfigNode n, boolean needed) {
        if (!needed) {
            if (n.has("frames")) n.problem("frames", "is read only with input.source: frames");
            return null;
        }
        Path base = Path.of(n.file()).toAbsolutePath().getParent();
        ConfigNode f = n.child("frames");
        String from = f.choice("from", "tcp", "tcp", "lsl", "tiff");
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
        int lines = g.integer("lines", tiff ? 0 : 512, tiff ? 0 : 1, 1 << 15);
        int pixels = g.integer("pixels", tiff ? 0 : 796, tiff ? 0 : 1, 1 << 15);
        int planes = g.integer("planes", 1, 1, 64);
        g.finish();
        if ((lines == 0) != (pixels == 0)) {
            f.problem("geometry", "give both lines and pixels, or neither to take the TIFF's own");
        }
        if (planes != 1) {
            f.problem("geometry.planes", "multi-plane frame streams are not supported yet (found " + planes
                    + "); run one plane");
        }
        double rate = f.number("rate_hz", 30, 0.01, 10_000);
        boolean invert = f.bool("invert", false);
        Path file = null;
        if (f.has("file")) file = base.resolve(f.string("file", ""));
        else if (tiff) f.problem("file", "a TIFF source needs the stack's file");
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
        ConfigNode ref = f.child("reference");
        int refFrames = ref.integer("frames", 30, 1, 100_000);
        Path refFile = ref.has("file") ? base.resolve(ref.string("file", "")) : null;
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
        Path rois = null;
        if (r.has("file")) rois = base.resolve(r.string("file", ""));
        else f.problem("rois.file", "the ROIs are needed: a label image (.tif/.png), YAML polygons or an ImageJ ROI set");
        List<RoiRole> roles = new ArrayList<>();
        for (ConfigNode role : r.children("roles")) {
            String roi = role.requiredString("roi");
            String type = role.choice("type", "roi", "roi", "soma", "dendrite");
            String neuron = role.string("neuron", "");
            role.finish();
            if (!"roi".equals(type) && neuron.isEmpty()) {
                role.problem("neuron", "a " + type + " needs the neuron id that pairs it with its other compartment");
            }
            roles.add(new RoiRole(roi, type, neuron));
        }
        r.finish();
        ConfigNode p = f.child("publish");
        boolean publish = p.bool("lsl", true);
        String out = p.string("name", "ApicalROIs");
        p.finish();
        f.finish();
        return new FramesSection(from, listen, host, port, timeout, lines, pixels, planes, rate, invert, file,
                "rate".equals(play), loops, sName, sType, sid, refFrames, refFile, motion,
                "whole".equals(region) ? null : grid, patchSize, maxShift, subpixel, rois, List.copyOf(roles), publish,
                out);
    }
}
