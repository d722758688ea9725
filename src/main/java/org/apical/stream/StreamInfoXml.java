package org.apical.stream;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one code for the stream info document ({@code <info>}), as LSL sends it and as XDF stores it in a StreamHeader:
 * writes it exactly as liblsl formats it (pugixml: tab indentation, {@code <desc />} when empty, doubles with 16
 * significant digits and a forced decimal point) and parses it from untrusted bytes (the network, a file) with DTDs
 * and external entities off and every size bounded.
 */
public final class StreamInfoXml {
    /** Largest info document accepted (a full info with a big channel map is well under this). */
    public static final int MAX_XML_CHARS = 4 << 20;
    /** Deepest desc nesting accepted. */
    public static final int MAX_DEPTH = 64;
    /** Most elements accepted in one desc. */
    public static final int MAX_ELEMENTS = 200_000;

    private StreamInfoXml() {}

    // ---------------------------------------------------------------- writing

    /** The full info (with desc), as served by {@code LSL:fullinfo}. */
    public static String full(StreamInfo info) { return write(info, true); }

    /** The short info (empty desc), as carried by discovery replies and {@code LSL:shortinfo}. */
    public static String shortInfo(StreamInfo info) { return write(info, false); }

    private static String write(StreamInfo i, boolean withDesc) {
        StringBuilder b = new StringBuilder(512);
        b.append("<?xml version=\"1.0\"?>\n<info>\n");
        field(b, "name", i.name());
        field(b, "type", i.type());
        field(b, "channel_count", Integer.toString(i.channelCount()));
        field(b, "channel_format", i.channelFormat().xmlName());
        field(b, "source_id", i.sourceId());
        field(b, "nominal_srate", formatDouble(i.nominalSrate()));
        field(b, "version", formatDouble(i.version()));
        field(b, "created_at", formatDouble(i.createdAt()));
        field(b, "uid", i.uid());
        field(b, "session_id", i.sessionId());
        field(b, "hostname", i.hostname());
        field(b, "v4address", i.v4address());
        field(b, "v4data_port", Integer.toString(i.v4dataPort()));
        field(b, "v4service_port", Integer.toString(i.v4servicePort()));
        field(b, "v6address", i.v6address());
        field(b, "v6data_port", Integer.toString(i.v6dataPort()));
        field(b, "v6service_port", Integer.toString(i.v6servicePort()));
        element(b, withDesc ? i.desc() : XmlElement.empty("desc"), 1);
        b.append("</info>\n");
        return b.toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append('\t').append('<').append(name).append('>');
        escape(b, value, false);
        b.append("</").append(name).append(">\n");
    }

    private static void element(StringBuilder b, XmlElement e, int depth) {
        b.repeat('\t', depth);
        b.append('<').append(e.name());
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            b.append(' ').append(a.getKey()).append("=\"");
            escape(b, a.getValue(), true);
            b.append('"');
        }
        if (e.children().isEmpty() && e.text().isEmpty()) {
            b.append(" />\n");
        } else if (e.children().isEmpty()) {
            b.append('>');
            escape(b, e.text(), false);
            b.append("</").append(e.name()).append(">\n");
        } else {
            b.append(">\n");
            if (!e.text().isEmpty()) {
                b.repeat('\t', depth + 1);
                escape(b, e.text(), false);
                b.append('\n');
            }
            for (XmlElement c : e.children()) element(b, c, depth + 1);
            b.repeat('\t', depth);
            b.append("</").append(e.name()).append(">\n");
        }
    }

    private static void escape(StringBuilder b, String s, boolean attribute) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append(attribute ? "&quot;" : "\"");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') b.append("&#").append((int) c).append(';');
                    else b.append(c);
                }
            }
        }
    }

    private static final MathContext SIXTEEN = new MathContext(16);

    /**
     * C++ {@code ostream} with precision 16 and showpoint ({@code %#.16g}): 16 significant digits, decimal point
     * always present, exponent form below 1e-4 or from 1e16.
     */
    public static String formatDouble(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (1 / v < 0 ? "-" : "") + "0.000000000000000";
        BigDecimal bd = new BigDecimal(v).round(SIXTEEN);
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 16) {
            BigDecimal mant = bd.movePointLeft(exp).setScale(15, java.math.RoundingMode.HALF_EVEN);
            String e = Integer.toString(Math.abs(exp));
            return mant.toPlainString() + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        return bd.setScale(15 - exp, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    // ---------------------------------------------------------------- parsing

    /** Parses an info document (short or full) from untrusted bytes. */
    public static StreamInfo parse(String xml) throws InfoXmlException {
        if (xml.length() > MAX_XML_CHARS) {
            throw new InfoXmlException("info XML too large: " + xml.length() + " chars (limit " + MAX_XML_CHARS + ")");
        }
        Element root = parseDocument(xml).getDocumentElement();
        if (!root.getTagName().equals("info")) {
            throw new InfoXmlException("info XML root is <" + root.getTagName() + ">, expected <info>");
        }
        String name = text(root, "name");
        if (name.isEmpty()) throw new InfoXmlException("info XML: <name> is missing or empty");
        String stream = "stream '" + clip(name) + "': ";
        int channels = integer(root, stream, "channel_count", 0, StreamInfo.MAX_CHANNELS, true);
        String formatName = text(root, "channel_format");
        if (formatName.isEmpty()) throw new InfoXmlException(stream + "<channel_format> missing or empty");
        ChannelFormat format = ChannelFormat.fromXmlName(formatName);
        if (format == null) {
            throw new InfoXmlException(stream + "<channel_format> '" + clip(formatName)
                    + "' is not one of float32, double64, string, int32, int16, int8, int64");
        }
        double srate = number(root, stream, "nominal_srate", true);
        if (!(srate >= 0) || Double.isInfinite(srate)) {
            throw new InfoXmlException(stream + "<nominal_srate> " + srate + " must be >= 0");
        }
        double version = number(root, stream, "version", false);
        if (Double.isNaN(version)) version = StreamInfo.PROTOCOL_VERSION;
        double created = number(root, stream, "created_at", false);
        if (Double.isNaN(created)) created = 0;
        Element descEl = child(root, "desc");
        XmlElement desc = descEl == null ? XmlElement.empty("desc") : convert(descEl, 0, new int[1]);
        return new StreamInfo(name, text(root, "type"), channels, format, text(root, "source_id"), srate, version,
                created, text(root, "uid"), text(root, "session_id"), text(root, "hostname"),
                text(root, "v4address"), integer(root, stream, "v4data_port", 0, 65535, false),
                integer(root, stream, "v4service_port", 0, 65535, false), text(root, "v6address"),
                integer(root, stream, "v6data_port", 0, 65535, false), integer(root, stream, "v6service_port", 0, 65535, false),
                desc);
    }

    /**
     * Any small XML document (an XDF file header or stream footer) as an element tree, under the same hardening and
     * bounds as an info document.
     */
    public static XmlElement parseTree(String xml) throws InfoXmlException {
        if (xml.length() > MAX_XML_CHARS) {
            throw new InfoXmlException("XML too large: " + xml.length() + " chars (limit " + MAX_XML_CHARS + ")");
        }
        return convert(parseDocument(xml).getDocumentElement(), 0, new int[1]);
    }

    /** A hardened DOM parse: no DTD, no external entities, no XInclude, bounded element depth. */
    public static Document parseDocument(String xml) throws InfoXmlException {
        try {
            DocumentBuilder builder = FACTORY.get();
            builder.reset();
            builder.setErrorHandler(null);
            builder.setEntityResolver((pub, sys) -> { throw new SAXException("external entity refused: " + sys); });
            // A DOM parser rejects whitespace before the declaration; liblsl's does not care.
            return builder.parse(new InputSource(new StringReader(xml.strip())));
        } catch (SAXException | IOException | RuntimeException e) {
            throw new InfoXmlException("info XML does not parse: " + clip(String.valueOf(e.getMessage())), e);
        }
    }

    private static final ThreadLocal<DocumentBuilder> FACTORY = ThreadLocal.withInitial(() -> {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setAttribute("jdk.xml.maxElementDepth", MAX_DEPTH + 4);
            f.setAttribute("jdk.xml.totalEntitySizeLimit", 0);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            f.setValidating(false);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot configure a hardened XML parser", e);
        }
    });

    private static XmlElement convert(Element e, int depth, int[] count) throws InfoXmlException {
        if (depth > MAX_DEPTH) throw new InfoXmlException("info XML: desc nested deeper than " + MAX_DEPTH);
        if (++count[0] > MAX_ELEMENTS) throw new InfoXmlException("info XML: desc has more than " + MAX_ELEMENTS + " elements");
        Map<String, String> attrs = new LinkedHashMap<>();
        NamedNodeMap nm = e.getAttributes();
        for (int k = 0; k < nm.getLength(); k++) attrs.put(nm.item(k).getNodeName(), nm.item(k).getNodeValue());
        List<XmlElement> children = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            switch (n.getNodeType()) {
                case Node.ELEMENT_NODE -> children.add(convert((Element) n, depth + 1, count));
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text.append(n.getNodeValue());
                default -> { }
            }
        }
        String t = children.isEmpty() ? text.toString() : text.toString().strip();
        return new XmlElement(e.getTagName(), t, attrs, children);
    }

    private static Element child(Element root, String name) {
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && ((Element) n).getTagName().equals(name)) return (Element) n;
        }
        return null;
    }

    private static String text(Element root, String name) {
        Element c = child(root, name);
        return c == null ? "" : c.getTextContent().strip();
    }

    private static int integer(Element root, String stream, String name, int min, int max, boolean required)
            throws InfoXmlException {
        String t = text(root, name);
        if (t.isEmpty()) {
            if (required) throw new InfoXmlException(stream + "<" + name + "> missing or empty");
            return 0;
        }
        try {
            long v = Long.parseLong(t);
            if (v < min || v > max) throw new NumberFormatException();
            return (int) v;
        } catch (NumberFormatException e) {
            throw new InfoXmlException(stream + "<" + name + "> '" + clip(t) + "' is not an integer in " + min + ".." + max);
        }
    }

    private static double number(Element root, String stream, String name, boolean required) throws InfoXmlException {
        String t = text(root, name);
        if (t.isEmpty()) {
            if (required) throw new InfoXmlException(stream + "<" + name + "> missing or empty");
            return Double.NaN;
        }
        try {
            if (t.length() > 64) throw new NumberFormatException();
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new InfoXmlException(stream + "<" + name + "> '" + clip(t) + "' is not a number");
        }
    }

    /** {@code s}, cut to 80 characters for an error message. */
    public static String clip(String s) { return s.length() <= 80 ? s : s.substring(0, 80) + "..."; }
}
