package org.apical.imaging;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apical.config.FramesSection;
import org.apical.lsl.LslConfig;
import org.apical.lsl.Resolver;
import org.apical.stream.StreamInfo;

/** Builds the frame bridge from a rig file's {@code frames} section: the frame source, the ROIs, the processor. */
public final class FramesSetup {
    private FramesSetup() {}

    /** Opens the rig's frame source (listening, connecting, resolving the LSL stream, or opening the TIFF). */
    public static RawFrameSource open(FramesSection s, LslConfig cfg) throws IOException, InterruptedException {
        FrameGeometry g = s.lines() > 0 ? new FrameGeometry(s.lines(), s.pixels(), s.rateHz()) : null;
        return switch (s.from()) {
            case "tcp" -> s.connectHost() != null
                    ? TcpFrameSource.connect(s.connectHost(), s.connectPort(), g, s.invert(), s.connectTimeout().value())
                    : TcpFrameSource.listen(s.listen(), g, s.invert());
            case "tiff" -> new TiffFrameSource(s.file(), g, s.rateHz(), s.realTime(), s.invert(), s.loops());
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

    /** The ROIs of the rig's ROI file, with the compartments and neurons its {@code rois.roles} give them. */
    public static List<Roi> rois(FramesSection s, FrameGeometry g) throws IOException {
        List<Roi> rois = RoiFiles.read(s.rois(), g);
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < rois.size(); i++) byName.put(rois.get(i).name(), i);
        List<Roi> out = new ArrayList<>(rois);
        for (FramesSection.RoiRole r : s.roles()) {
            Integer i = byName.get(r.roi());
            if (i == null) i = byName.get("roi" + r.roi()); // a label image's ROI by its number
            if (i == null) {
                throw new IOException("frames.rois.roles: ROI '" + r.roi() + "' is not in " + s.rois() + " (it has "
                        + (rois.size() <= 12 ? byName.keySet() : rois.size() + " ROIs") + ")");
            }
            out.set(i, out.get(i).withRole(r.type(), r.neuron()));
        }
        return out;
    }

    /** The processor for these frames: reference (file or first frames), motion correction, ROI means. */
    public static FrameProcessor processor(FramesSection s, FrameGeometry g, List<Roi> rois) throws IOException {
        MotionCorrector motion = null;
        if (s.motion()) {
            Patch[] patches = s.wholeFrame() ? new Patch[] {Patch.whole(g, s.maxShift())}
                    : Patch.grid(g, s.grid()[0], s.grid()[1], s.patchSize(), s.maxShift());
            motion = new MotionCorrector(g, patches, s.maxShift(), s.subpixel());
        }
        float[] reference = s.referenceFile() == null || motion == null ? null : referenceImage(s, g);
        return new FrameProcessor(g, rois, motion, reference, s.referenceFrames(), s.subpixel());
    }

    /** The mean of every page of the reference file (one page: that page). */
    static float[] referenceImage(FramesSection s, FrameGeometry g) throws IOException {
        try (TiffStack t = TiffStack.open(s.referenceFile())) {
            if (t.width() != g.pixels() || t.height() != g.lines()) {
                throw new IOException(s.referenceFile() + ": the reference is " + t.height() + " lines × " + t.width()
                        + " pixels, the frames " + g.lines() + " lines × " + g.pixels() + " pixels");
            }
            double[] sum = new double[g.pixelCount()];
            short[] page = new short[g.pixelCount()];
            for (int p = 0; p < t.pages(); p++) {
                t.read(p, page);
                for (int i = 0; i < page.length; i++) sum[i] += page[i] & 0xFFFF;
            }
            float[] ref = new float[sum.length];
            for (int i = 0; i < ref.length; i++) ref[i] = (float) (sum[i] / t.pages());
            return ref;
        }
    }

    /** The motion settings in words, for the stream's desc and the session graph. */
    public static String motion(FramesSection s) {
        if (!s.motion()) return "none";
        return (s.wholeFrame() ? "whole frame" : s.grid()[0] + "x" + s.grid()[1] + " patches of " + s.patchSize() + " px")
                + ", max shift " + s.maxShift() + " px, " + (s.subpixel() ? "sub-pixel (bilinear ROIs)" : "whole pixels")
                + ", reference " + (s.referenceFile() != null ? s.referenceFile().toString()
                : "mean of the first " + s.referenceFrames() + " frames");
    }

    /** The frame bridge in one line, for the session graph. */
    public static String describe(FramesSection s) {
        String from = switch (s.from()) {
            case "tcp" -> s.connectHost() != null ? "tcp connect " + s.connectHost() + ":" + s.connectPort()
                    : "tcp listen :" + s.listen();
            case "lsl" -> "LSL frame stream" + (s.streamName().isEmpty() ? "" : " name='" + s.streamName() + "'")
                    + (s.sourceId().isEmpty() ? "" : " source_id='" + s.sourceId() + "'");
            default -> "tiff " + s.file() + (s.realTime() ? " at " + s.rateHz() + " Hz" : " as fast as possible");
        };
        String size = s.lines() > 0 ? s.lines() + " lines × " + s.pixels() + " pixels" : "the file's size";
        return "raw frames (" + from + ", " + size + (s.invert() ? ", inverted" : "") + ") → motion: " + motion(s)
                + " → ROI means of " + s.rois() + " → " + s.streamOut() + (s.publish() ? " (also on LSL)" : "");
    }

    /**
     * The ROI stream a session on these frames would read, from the rig file alone (a dry run: no port is opened;
     * a TIFF is opened only for its size when the rig gives none), or null when the size is known only from the
     * first frame.
     */
    public static StreamInfo plannedStream(FramesSection s) throws IOException {
        FrameGeometry g;
        if (s.lines() > 0) {
            g = new FrameGeometry(s.lines(), s.pixels(), s.rateHz());
        } else if (s.from().equals("tiff")) {
            try (RawFrameSource tiff = new TiffFrameSource(s.file(), null, s.rateHz(), s.realTime(), s.invert(),
                    s.loops())) {
                g = tiff.geometry();
            }
        } else {
            return null;
        }
        return RoiStream.info(s.streamOut(), "apical-rois-dry-run", rois(s, g), g, describe(s), motion(s));
    }

    /** Everything opened for a session: the source the session reads. */
    public static FramesFrameSource session(FramesSection s, LslConfig cfg, long maxFrames)
            throws IOException, InterruptedException {
        RawFrameSource src = open(s, cfg);
        try {
            List<Roi> rois = rois(s, src.geometry());
            FrameProcessor p = processor(s, src.geometry(), rois);
            return new FramesFrameSource(src, p, rois, s.streamOut(), motion(s), s.publish() ? cfg : null, maxFrames);
        } catch (IOException | RuntimeException e) {
            src.close();
            throw e;
        }
    }
}
