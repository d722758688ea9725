package org.apical.xdf;

import java.util.Locale;
import java.util.UUID;

/** Builds a stream info XML the way liblsl prints it (pugixml layout, 16-significant-digit doubles). */
public final class InfoXml {
    private InfoXml() {}

    /**
     * A full info document for a stream that Apical itself produces. {@code descInnerXml} is placed inside
     * {@code <desc>} verbatim (already valid XML, may be empty).
     */
    public static String build(String name, String type, int channelCount, ChannelFormat format, double nominalRate,
                               String sourceId, double createdAt, String hostname, String descInnerXml) {
        StringBuilder b = new StringBuilder(640);
        b.append("<?xml version=\"1.0\"?>\n<info>\n");
        element(b, "name", escape(name));
        element(b, "type", escape(type));
        element(b, "channel_count", Integer.toString(channelCount));
        element(b, "channel_format", format.xmlName());
        element(b, "source_id", escape(sourceId));
        element(b, "nominal_srate", formatDouble(nominalRate));
        element(b, "version", formatDouble(1.1));
        element(b, "created_at", formatDouble(createdAt));
        element(b, "uid", UUID.randomUUID().toString());
        element(b, "session_id", "default");
        element(b, "hostname", escape(hostname));
        element(b, "v4address", "");
        element(b, "v4data_port", "0");
        element(b, "v4service_port", "0");
        element(b, "v6address", "");
        element(b, "v6data_port", "0");
        element(b, "v6service_port", "0");
        if (descInnerXml == null || descInnerXml.isBlank()) b.append("\t<desc />\n");
        else b.append("\t<desc>").append(descInnerXml).append("</desc>\n");
        b.append("</info>\n");
        return b.toString();
    }

    private static void element(StringBuilder b, String tag, String text) {
        b.append('\t').append('<').append(tag).append('>').append(text).append("</").append(tag).append(">\n");
    }

    /** liblsl's double printing: 16 significant digits, decimal point always present, locale independent. */
    public static String formatDouble(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        String s = String.format(Locale.ROOT, "%.16g", v);
        return s;
    }

    /** Escapes text for an XML element body. */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                default -> null;
            };
            if (r != null && b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (b != null) {
                if (r != null) b.append(r);
                else b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
