package org.apical.imaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;

/**
 * The ROI stream Apical makes from frames ({@code ApicalROIs}): one double64 sample per frame, the ROI means then
 * {@code shift_x}, {@code shift_y} (type {@code motion}) and {@code frame} (type {@code index}, the session's exact
 * frame count). Its desc holds the channel map in the form every Apical input is read by ({@code channels/channel}:
 * label, type soma/dendrite/roi, neuron, the ROI's centre in pixels), so residuals pair its somas and dendrites, and
 * the frame geometry, motion settings and frame source.
 */
public final class RoiStream {
    public static final String DEFAULT_NAME = "ApicalROIs";

    private RoiStream() {}

    public static StreamInfo info(String name, String sourceId, List<Roi> rois, FrameGeometry g, String source,
                                  String motion) {
        return info(name, sourceId, rois, g, 1, source, motion);
    }

    /**
     * The stream of an acquisition of {@code planes} planes: one sample per volume at the frame rate / planes; the ROIs
     * (in plane order) carry their {@code plane}; each plane has its {@code shift_x_p<k>}, {@code shift_y_p<k>}; and
     * {@code frame} counts volumes. With one plane, exactly {@link #info(String, String, List, FrameGeometry, String,
     * String)}'s stream.
     */
    public static StreamInfo info(String name, String sourceId, List<Roi> rois, FrameGeometry g, int planes,
                                  String source, String motion) {
        List<XmlElement> channels = new ArrayList<>();
        for (Roi r : rois) {
            List<XmlElement> fields = new ArrayList<>(List.of(XmlElement.text("label", r.name()),
                    XmlElement.text("type", r.type()), XmlElement.text("unit", "a.u."),
                    XmlElement.text("x_px", fmt(r.centreX())), XmlElement.text("y_px", fmt(r.centreY())),
                    XmlElement.text("pixels", Integer.toString(r.size()))));
            if (!r.neuron().isEmpty()) fields.add(XmlElement.text("neuron", r.neuron()));
            if (planes > 1) fields.add(XmlElement.text("plane", Integer.toString(r.plane())));
            channels.add(XmlElement.of("channel", fields));
        }
        for (int p = 0; p < planes; p++) {
            String suffix = planes > 1 ? "_p" + p : "";
            for (String axis : new String[] {"shift_x", "shift_y"}) {
                List<XmlElement> fields = new ArrayList<>(List.of(XmlElement.text("label", axis + suffix),
                        XmlElement.text("type", "motion"), XmlElement.text("unit", "pixels")));
                if (planes > 1) fields.add(XmlElement.text("plane", Integer.toString(p)));
                channels.add(XmlElement.of("channel", fields));
            }
        }
        channels.add(XmlElement.of("channel", XmlElement.text("label", "frame"), XmlElement.text("type", "index")));
        List<XmlElement> geometry = new ArrayList<>(List.of(XmlElement.text("lines", Integer.toString(g.lines())),
                XmlElement.text("pixels", Integer.toString(g.pixels())),
                XmlElement.text("order", "column-major"), XmlElement.text("rate_hz", fmt(g.rateHz()))));
        if (planes > 1) {
            geometry.add(XmlElement.text("planes", Integer.toString(planes)));
            geometry.add(XmlElement.text("volume_rate_hz", fmt(g.rateHz() / planes)));
            geometry.add(XmlElement.text("plane_order", "one frame per plane, 0 to " + (planes - 1) + ", per volume;"
                    + " frame counts volumes"));
        }
        XmlElement desc = XmlElement.of("desc", XmlElement.text("producer", "Apical"),
                XmlElement.of("channels", channels), XmlElement.of("geometry", geometry),
                XmlElement.text("frames_from", source), XmlElement.text("motion", motion));
        return StreamInfo.create(name, "Imaging", rois.size() + 2 * planes + 1, g.rateHz() / planes,
                ChannelFormat.DOUBLE64, sourceId).withDesc(desc);
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.3f", v); }
}
