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
        List<XmlElement> channels = new ArrayList<>();
        for (Roi r : rois) {
            List<XmlElement> fields = new ArrayList<>(List.of(XmlElement.text("label", r.name()),
                    XmlElement.text("type", r.type()), XmlElement.text("unit", "a.u."),
                    XmlElement.text("x_px", fmt(r.centreX())), XmlElement.text("y_px", fmt(r.centreY())),
                    XmlElement.text("pixels", Integer.toString(r.size()))));
            if (!r.neuron().isEmpty()) fields.add(XmlElement.text("neuron", r.neuron()));
            channels.add(XmlElement.of("channel", fields));
        }
        channels.add(XmlElement.of("channel", XmlElement.text("label", "shift_x"), XmlElement.text("type", "motion"),
                XmlElement.text("unit", "pixels")));
        channels.add(XmlElement.of("channel", XmlElement.text("label", "shift_y"), XmlElement.text("type", "motion"),
                XmlElement.text("unit", "pixels")));
        channels.add(XmlElement.of("channel", XmlElement.text("label", "frame"), XmlElement.text("type", "index")));
        XmlElement desc = XmlElement.of("desc", XmlElement.text("producer", "Apical"),
                XmlElement.of("channels", channels),
                XmlElement.of("geometry", XmlElement.text("lines", Integer.toString(g.lines())),
                        XmlElement.text("pixels", Integer.toString(g.pixels())),
                        XmlElement.text("order", "column-major"), XmlElement.text("rate_hz", fmt(g.rateHz()))),
                XmlElement.text("frames_from", source), XmlElement.text("motion", motion));
        return StreamInfo.create(name, "Imaging", rois.size() + 3, g.rateHz(), ChannelFormat.DOUBLE64, sourceId)
                .withDesc(desc);
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.3f", v); }
}
