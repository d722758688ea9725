package org.apical.xdf;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A parsed StreamFooter. Numbers absent from the footer are NaN (counts: -1).
 *
 * @param measuredRate Apical's {@code <measured_srate>} ((n−1)/(last−first)); NaN in LabRecorder files
 */
public record StreamFooterInfo(String xml, double firstTimestamp, double lastTimestamp, long sampleCount,
                               double measuredRate, double[] offsetTimes, double[] offsetValues) {

    /** Parses a footer; the exception message says what is wrong. */
    static StreamFooterInfo parse(String xml) throws Xml.XmlException {
        Document doc = Xml.parse(xml);
        Element info = doc.getDocumentElement();
        List<double[]> offsets = new ArrayList<>();
        Element list = Xml.child(info, "clock_offsets");
        if (list != null) {
            for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals("offset")) {
                    offsets.add(new double[] {number(Xml.childText(e, "time")), number(Xml.childText(e, "value"))});
                }
            }
        }
        double[] t = new double[offsets.size()];
        double[] v = new double[offsets.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = offsets.get(i)[0];
            v[i] = offsets.get(i)[1];
        }
        double count = number(Xml.childText(info, "sample_count"));
        return new StreamFooterInfo(xml, number(Xml.childText(info, "first_timestamp")),
                number(Xml.childText(info, "last_timestamp")), Double.isNaN(count) ? -1 : (long) count,
                number(Xml.childText(info, "measured_srate")), t, v);
    }

    private static double number(String s) {
        if (s == null) return Double.NaN;
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
