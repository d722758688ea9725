package org.apical.xdf;

import org.w3c.dom.Element;

/**
 * What the writer needs to know about one stream: its identity and layout, plus the full info XML written
 * verbatim into the StreamHeader chunk. Build it from an LSL stream's full info with {@link #fromInfoXml}
 * (recording a received stream, metadata kept as is) or from fields with {@link #of} (streams Apical produces).
 *
 * @param nominalRate samples per second, 0 for irregular streams (markers, events)
 * @param infoXml     the document written into the file; its fields must agree with the other components
 */
public record StreamMeta(String name, String type, int channelCount, ChannelFormat format, double nominalRate,
                         String sourceId, String infoXml) {

    public StreamMeta {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("stream name must not be empty");
        if (type == null) type = "";
        if (sourceId == null) sourceId = "";
        if (format == null) throw new IllegalArgumentException("stream '" + name + "': channel format missing");
        if (channelCount < 1) {
            throw new IllegalArgumentException("stream '" + name + "': channel count " + channelCount + " must be >= 1");
        }
        if (!(nominalRate >= 0) || Double.isInfinite(nominalRate)) {
            throw new IllegalArgumentException("stream '" + name + "': nominal rate " + nominalRate
                    + " must be a finite number >= 0 (0 = irregular)");
        }
        if (infoXml == null || infoXml.isBlank()) {
            throw new IllegalArgumentException("stream '" + name + "': info XML missing");
        }
    }

    private static final String HOST = InfoXml.hostname();

    /** A stream produced by Apical, with liblsl's info layout and an empty {@code <desc />}. */
    public static StreamMeta of(String name, String type, int channelCount, ChannelFormat format, double nominalRate,
                                String sourceId) {
        return of(name, type, channelCount, format, nominalRate, sourceId, "");
    }

    /**
     * As {@link #of(String, String, int, ChannelFormat, double, String)} with {@code descInnerXml} inside
     * {@code <desc>} (e.g. {@code <channels><channel><label>roi1</label></channel></channels>}).
     */
    public static StreamMeta of(String name, String type, int channelCount, ChannelFormat format, double nominalRate,
                                String sourceId, String descInnerXml) {
        String xml = InfoXml.build(name, type, channelCount, format, nominalRate, sourceId,
                System.nanoTime() * 1e-9, HOST, descInnerXml);
        // The reader deduces timestamps with 1/rate as printed in the XML; keep exactly that rate.
        return fromInfoXml(xml);
    }

    /** Reads name, type, channel count and format, rate and source id from a full info XML (kept verbatim). */
    public static StreamMeta fromInfoXml(String infoXml) {
        StreamHeaderInfo h;
        try {
            h = StreamHeaderInfo.parse(infoXml);
        } catch (StreamHeaderInfo.InvalidHeaderException e) {
            throw new IllegalArgumentException("stream info XML: " + e.getMessage(), e);
        }
        return new StreamMeta(h.name(), h.type(), h.channelCount(), h.format(), h.nominalRate(), h.sourceId(), infoXml);
    }

    /** Seconds between samples as a reader deduces them (0 for irregular streams). */
    public double sampleInterval() { return nominalRate > 0 ? 1.0 / nominalRate : 0.0; }

    /** The {@code <desc>} element of the info, or null. */
    public Element desc() {
        try {
            return StreamHeaderInfo.parse(infoXml).desc();
        } catch (StreamHeaderInfo.InvalidHeaderException e) {
            return null;
        }
    }
}
