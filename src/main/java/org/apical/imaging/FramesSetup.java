package org.apical.imaging;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apical.config.FramesSection;
import org.apical.lsl.LslConfig;
import org.apical.lsl.Resolver;
import org.apical.stream.StreamInfo;

/**
 * Builds the frame bridge from a rig file's {@code frames} section: the frame source, the ROIs, the processors (one
 * per imaging plane).
 */
public final class FramesSetup {
    private FramesSetup() {}

    /**
     * Opens the rig's frame source (listening, connecting, resolving the LSL stream, opening the TIFF or the
     * recording).
     */
    public static RawFrameSource open(FramesSection s, LslConfig cfg) throws IOException, InterruptedException {
        FrameGeometry g = s.lines() > 0 ? new FrameGeometry(s.lines(), s.pixels(), s.rateHz()) : null;
        return switch (s.from()) {
            case "tcp" -> s.connectHost() != null
                    ? TcpFrameSource.connect(s.connectHost(), s.connectPort(), g, s.invert(), s.connectTimeout().value())
                    : TcpFrameSource.listen(s.listen(), g, s.invert());
            case "tiff" -> {
                TiffFrameSource t = new TiffFrameSource(s.file(), g, s.rateHz(), s.realTime(), s.invert(), s.loops());
                if (t.pages() % s.planes() != 0) {
                    t.close();
                    throw new IOException(t.describe() + ": the stack has " + t.pages() + " pages, not whole volumes"
                            + " of " + s.planes() + " planes (frames.geometry.planes; the pages cycle through the planes"
                            + " as the frames do)");
                }
                yield t;
            }
            case "xdf" -> new XdfRawFrameSource(s.file(), s.streamName(), g, s.planes(), s.rateHz(), s.realTime(),
                    s.invert());
            case "lsl" -> {
                StreamInfo found = Resolver.find(cfg, s.streamName(), s.streamType(), s.sourceId(),
                        s.connectTimeout().value());
                if (found == null) {
                    throw new IOException("frames.stream: no LSL stream of frames matching name '" + s.streamName()
                            + "' type '" + s.streamType() + "' source_id '" + s.sourceId() + "' answered within "
                            + s.connectTimeout());
                }
                yield new LslFrameStream(found, g, s.invert(), cfg);
            }
            default -> throw new IllegalArgumentException("frames.from: " + s.from());
        };
    }

    /** The planes of the opened source: the rig file's, or a recording's own. */
    public static int planes(FramesSection s, RawFrameSource src) {
        return src instanceof XdfRawFrameSource x ? x.planes() : s.planes();
    }

    /** The ROIs of a single-plane rig's ROI file, with the compartments and neurons its {@code rois.roles} give them. */
    public static List<Roi> rois(FramesSection s, FrameGeometry g) throws IOException { return rois(s, g, 1); }

    /**
     * Every plane's ROIs, plane 0's first (each plane's in its file's order), with their roles. With several planes a
     * role names its ROI's {@code plane} when two planes have a ROI of that name.
     */
    public static List<Roi> rois(FramesSection s, FrameGeometry g, int planes) throws IOException {
        List<Roi> rois = new ArrayList<>();
        if (s.rois().size() == 1) {
            rois.addAll(RoiFiles.read(s.rois().getFirst(), g, planes == 1 ? 0 : -1, planes));
        } else {
            if (s.rois().size() != planes) {
                throw new IOException("frames.rois.file: one ROI file per plane, and the frames have " + planes
                        + " planes, the list " + s.rois().size() + " files");
            }
            for (int p = 0; p < planes; p++) rois.addAll(RoiFiles.read(s.rois().get(p), g, p, planes));
        }
        rois.sort(Comparator.comparingInt(Roi::plane)); // stable: each plane keeps its file's order
        if (planes > 1) {
            Map<String, Roi> seen = new HashMap<>();
            for (Roi r : rois) {
                Roi other = seen.put(r.name(), r);
                if (other != null) {
                    throw new IOException("frames.rois.file: two ROIs are named '" + r.name() + "' (planes "
                            + other.plane() + " and " + r.plane() + "); the ROI stream's channel labels must differ");
                }
            }
        }
        List<Roi> out = new ArrayList<>(rois);
        for (FramesSection.RoiRole role : s.roles()) {
            int found = find(rois, role, true);
            if (found == -1) found = find(rois, role, false); // a label image's ROI by its number
            if (found < 0) {
                throw new IOException("frames.rois.roles: ROI '" + role.roi() + "'"
                        + (role.plane() >= 0 ? " of plane " + role.plane() : "") + " is not in " + s.roisText()
                        + " (it has " + (rois.size() <= 12 ? rois.stream().map(Roi::name).toList()
                        : rois.size() + " ROIs") + ")");
            }
            out.set(found, out.get(found).withRole(role.type(), role.neuron()));
        }
        return out;
    }

    /**
     * The ROI a role names (by its name, or else by a label image's number), the last of that name as a single plane
     * has always taken; −1 when none. Two planes with a ROI of that name need the role's plane.
     */
    private static int find(List<Roi> rois, FramesSection.RoiRole role, boolean byName) throws IOException {
        int found = -1;
        for (int i = 0; i < rois.size(); i++) {
            Roi r = rois.get(i);
            if (role.plane() >= 0 && r.plane() != role.plane()) continue;
            boolean named = byName ? r.name().equals(role.roi())
                    : r.name().equals("roi" + role.roi()) || r.name().equals("p" + r.plane() + "_roi" + role.roi());
            if (!named) continue;
            if (found >= 0 && rois.get(found).plane() != r.plane()) {
                throw new IOException("frames.rois.roles: ROI '" + role.roi() + "' is in planes "
                        + rois.get(found).plane() + " and " + r.plane() + "; give the role its plane");
            }
            found = i;
        }
        return found;
    }

    /** The processor of a single-plane rig: reference (file or first frames), motion correction, ROI means. */
    public static FrameProcessor processor(FramesSection s, FrameGeometry g, List<Roi> rois) throws IOException {
        return volume(s, g, 1, rois).plane(0);
    }

    /** One processor per plane, each with its reference, its motion correction and its plane's ROIs. */
    public static VolumeProcessor volume(FramesSection s, FrameGeometry g, int planes, List<Roi> rois)
            throws IOException {
        List<float[]> references = s.referenceFiles().isEmpty() || !s.motion() ? null : referenceImages(s, g, planes);
        List<FrameProcessor> out = new ArrayList<>();
        for (int p = 0; p < planes; p++) {
            MotionCorrector motion = null;
            if (s.motion()) {
                Patch[] patches = s.wholeFrame() ? new Patch[] {Patch.whole(g, s.maxShift())}
                        : Patch.grid(g, s.grid()[0], s.grid()[1], s.patchSize(), s.maxShift());
                motion = new MotionCorrector(g, patches, s.maxShift(), s.subpixel());
            }
            int plane = p;
            List<Roi> own = rois.stream().filter(r -> r.plane() == plane).toList();
            out.add(new FrameProcessor(g, own, motion, references == null ? null : references.get(p),
                    s.referenceFrames(), s.subpixel()));
        }
        return new VolumeProcessor(out);
    }

    /**
     * Each plane's reference: the mean of its file's pages (one file per plane), or of one stack's pages of that plane
     * (page k is plane k mod planes, as the frames come).
     */
    static List<float[]> referenceImages(FramesSection s, FrameGeometry g, int planes) throws IOException {
        List<java.nio.file.Path> files = s.referenceFiles();
        if (files.size() != 1 && files.size() != planes) {
            throw new IOException("frames.reference.file: one reference per plane, and the frames have " + planes
                    + " planes, the list " + files.size() + " files");
        }
        List<float[]> out = new ArrayList<>();
        if (files.size() == planes) {
            for (java.nio.file.Path f : files) out.add(meanOfPages(f, g, 0, 1));
        } else {
            for (int p = 0; p < planes; p++) out.add(meanOfPages(files.getFirst(), g, p, planes));
        }
        return out;
    }

    /** The mean of pages {@code first}, {@code first + every}, ... of a TIFF (one page: that page). */
    static float[] meanOfPages(java.nio.file.Path file, FrameGeometry g, int first, int every) throws IOException {
        try (TiffStack t = TiffStack.open(file)) {
            if (t.width() != g.pixels() || t.height() != g.lines()) {
                throw new IOException(file + ": the reference is " + t.height() + " lines × " + t.width()
                        + " pixels, the frames " + g.lines() + " lines × " + g.pixels() + " pixels");
            }
            if (t.pages() % every != 0) {
                throw new IOException(file + ": the reference stack has " + t.pages() + " pages, not whole volumes of "
                        + every + " planes (frames.reference.file: page k is plane k mod " + every
                        + "; or give one file per plane)");
            }
            double[] sum = new double[g.pixelCount()];
            short[] page = new short[g.pixelCount()];
            int n = 0;
            for (int p = first; p < t.pages(); p += every) {
                t.read(p, page);
                for (int i = 0; i < page.length; i++) sum[i] += page[i] & 0xFFFF;
                n++;
            }
            float[] ref = new float[sum.length];
            for (int i = 0; i < ref.length; i++) ref[i] = (float) (sum[i] / n);
            return ref;
        }
    }

    /** The motion settings in words, for the stream's desc and the session graph. */
    public static String motion(FramesSection s) {
        if (!s.motion()) return "none";

        return (s.wholeFrame() ? "whole frame" : s.grid()[0] + "x" + s.grid()[1] + " patches of " + s.patchSize() + " px")
                + ", max shift " + s.maxShift() + " px, " + (s.subpixel() ? "sub-pixel (bilinear ROIs)" : "whole pixels")
                + ", reference " + (!s.referenceFiles().isEmpty()
                ? (s.referenceFiles().size() == 1 ? s.referenceFiles().getFirst().toString() : s.referenceFiles().toString())
                : "mean of the first " + s.referenceFrames() + " frames" + (s.planes() > 1 ? " of each plane" : ""));
    }

    /** The frame bridge in one line, for the session graph. */
    public static String describe(FramesSection s) {
        String from = switch (s.from()) {
            case "tcp" -> s.connectHost() != null ? "tcp connect " + s.connectHost() + ":" + s.connectPort()
                    : "tcp listen :" + s.listen();
            case "lsl" -> "LSL frame stream" + (s.streamName().isEmpty() ? "" : " name='" + s.streamName() + "'")
                    + (s.sourceId().isEmpty() ? "" : " source_id='" + s.sourceId() + "'");
            case "xdf" -> "xdf " + s.file() + " stream '" + s.streamName() + "'"
                    + (s.realTime() ? " at its recorded pace" : " as fast as possible");
            default -> "tiff " + s.file() + (s.realTime() ? " at " + s.rateHz() + " Hz" : " as fast as possible");
        };
        String size = s.lines() > 0 ? s.lines() + " lines × " + s.pixels() + " pixels" : "the file's size";
        String planes = s.planes() > 1 ? ", " + s.planes() + " planes (one sample per volume, "
                + String.format(java.util.Locale.ROOT, "%.4g", s.volumeRateHz()) + " Hz)" : "";
        return "raw frames (" + from + ", " + size + planes + (s.invert() ? ", inverted" : "") + ") → motion: "
                + motion(s) + " → ROI means of " + s.roisText() + " → " + s.streamOut()
                + (s.publish() ? " (also on LSL)" : "") + (s.recordRaw() ? "; raw frames recorded" : "");
    }

    /**
     * The ROI stream a session on these frames would read, from the rig file alone (a dry run: no port is opened;
     * a TIFF or a recording is opened only for its size when the rig gives none), or null when the size is known only
     * from the first frame.
     */
    public static StreamInfo plannedStream(FramesSection s) throws IOException {
        FrameGeometry g;
        int planes = s.planes();
        if (s.from().equals("xdf")) {
            // the recording says its planes and rate
            try (XdfRawFrameSource x = new XdfRawFrameSource(s.file(), s.streamName(), s.lines() > 0
                    ? new FrameGeometry(s.lines(), s.pixels(), 30) : null, s.planes(), s.rateHz(), s.realTime(),
                    s.invert())) {
                g = x.geometry();
                planes = x.planes();
            }
        } else if (s.lines() > 0) {
            g = new FrameGeometry(s.lines(), s.pixels(), s.rateHz());
        } else if (s.from().equals("tiff")) {
            try (RawFrameSource tiff = new TiffFrameSource(s.file(), null, s.rateHz(), s.realTime(), s.invert(),
                    s.loops())) {
                g = tiff.geometry();
            }
        } else {
            return null;
        }
        return RoiStream.info(s.streamOut(), "apical-rois-dry-run", rois(s, g, planes), g, planes, describe(s),
                motion(s));
    }

    /** Everything opened for a session: the source the session reads. */
    public static FramesFrameSource session(FramesSection s, LslConfig cfg, long maxFrames)
            throws IOException, InterruptedException {
        RawFrameSource src = open(s, cfg);
        try {
            int planes = planes(s, src);
            List<Roi> rois = rois(s, src.geometry(), planes);
            VolumeProcessor v = volume(s, src.geometry(), planes, rois);
            return new FramesFrameSource(src, v, rois, s.streamOut(), motion(s), s.publish() ? cfg : null, maxFrames);
        } catch (IOException | RuntimeException e) {
            src.close();
            throw e;
        }
    }

    /**
     * Lends the session's raw frames to a recording's {@value FramesSection#RAW_STREAM} stream ({@code record_raw}),
     * through a few volume buffers; {@code wait}: an offline session waits for a buffer instead of dropping.
     */
    public static RawFrameRecorder recordRaw(FramesFrameSource frames, boolean wait, RawFrameRecorder.Sink sink) {
        RawFrameRecorder r = new RawFrameRecorder(frames.geometry(), frames.planes(),
                RawFrameRecorder.buffersFor(frames.geometry(), frames.planes()), wait, sink);
        frames.recordRawTo(r);
        return r;
    }

    /** The raw-frame stream of these frames. */
    public static StreamInfo rawStream(FramesFrameSource frames) {
        return RawFrameRecorder.streamInfo(FramesSection.RAW_STREAM, frames.geometry(), frames.planes(),
                frames.source());
    }
}
