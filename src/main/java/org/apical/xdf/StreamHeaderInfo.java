package org.apical.xdf;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A parsed stream info (StreamHeader chunk content): the fields readers need plus the DOM for the rest.
 *
 * @param xml         the document as stored in the file
 * @param nominalRate 0 for irregular streams
 */
public record StreamHeaderInfo(String xml, String name, String type, int channelCount, ChannelFormat format,
                               double nominalRate, String sourceId, Document document) {

    /** The root {@code <info>} element. */
    public Element info() { return document.getDocumentElement(); }

    /** The {@code <desc>} element (channel labels, units, ...), or null if absent. */
    public Element desc() { return Xml.child(info(), "desc"); }

    /** Text of a direct child of {@code <info>} (e.g. "hostname", "uid", "created_at"), or null. */
    public String field(String name) { return Xml.childText(info(), name); }

    /** True if {@code desc/synchronization/can_drop_samples} is "true" (pyxdf then does not dejitter). */
    public boolean canDropSamples() {
        Element sync = Xml.child(desc(), "synchronization");
        String v = Xml.childText(sync, "can_drop_samples");
        return v != null && v.trim().equalsIgnoreCase("true");
    }

    /** Parses and checks the fields pyxdf requires (name, channel_count, channel_format, nominal_srate). */
    public static StreamHeaderInfo parse(String xml) throws InvalidHeaderException {
        Document doc;
        try {
            doc = Xml.parse(xml);
        } catch (Xml.XmlException e) {
            throw new InvalidHeaderException("not well-formed XML: " + e.getMessage());
        }
        Element info = doc.getDocumentElement();
        if (!info.getTagName().equals("info")) {
            throw new InvalidHeaderException("root element is <" + info.getTagName() + ">, expected <info>");
        }
        String name = Xml.childText(info, "name");
        if (name == null || name.isEmpty()) throw new InvalidHeaderException("<name> missing or empty");
        String type = Xml.childText(info, "type");
        String countText = required(info, "channel_count", name);
        int count;
        try {
            count = Integer.parseInt(countText.trim());
        } catch (NumberFormatException e) {
            throw new InvalidHeaderException("stream '" + name + "': <channel_count> '" + countText + "' is not an integer");
        }
        if (count < 1) throw new InvalidHeaderException("stream '" + name + "': <channel_count> " + count + " must be >= 1");
        String formatText = required(info, "channel_format", name).trim();
        ChannelFormat format = ChannelFormat.fromXmlName(formatText);
        if (format == null) {
            throw new InvalidHeaderException("stream '" + name + "': <channel_format> '" + formatText
                    + "' is not one of float32, double64, string, int32, int16, int8, int64");
        }
        String rateText = required(info, "nominal_srate", name);
        double rate;
        try {
            rate = Double.parseDouble(rateText.trim());
        } catch (NumberFormatException e) {
            throw new InvalidHeaderException("stream '" + name + "': <nominal_srate> '" + rateText + "' is not a number");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new InvalidHeaderException("stream '" + name + "': <nominal_srate> " + rateText + " must be >= 0");
        }
        String sourceId = Xml.childText(info, "source_id");
        return new StreamHeaderInfo(xml, name, type == null ? "" : type, count, format, rate,
                sourceId == null ? "" : sourceId, doc);
    }

    private static String required(Element info, String field, String stream) throws InvalidHeaderException {
        String v = Xml.childText(info, field);
        if (v == null) throw new InvalidHeaderException("stream '" + stream + "': <" + field + "> missing");
        return v;
    }

    /** A stream info that lacks what a reader needs. */
    public static final class InvalidHeaderException extends Exception {
        InvalidHeaderException(String message) { super(message); }
    }
}
