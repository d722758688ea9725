package org.apical.xdf;

import java.util.List;
import org.apical.stream.InfoXmlException;
import org.apical.stream.StreamInfoXml;
import org.apical.stream.XmlElement;

/**
 * A parsed StreamFooter. Numbers absent from the footer are NaN (counts: -1).
 *
 * @param measuredRate Apical's {@code <measured_srate>} ((n−1)/(last−first)); NaN in LabRecorder files
 */
public record StreamFooterInfo(String xml, double firstTimestamp, double lastTimestamp, long sampleCount,
                               double measuredRate, double[] offsetTimes, double[] offsetValues) {

    /** Parses a footer; the exception message says what is wrong. */
    static StreamFooterInfo parse(String xml) throws InfoXmlException {
        XmlElement info = StreamInfoXml.parseTree(xml);
        XmlElement list = info.child("clock_offsets");
        List<XmlElement> offsets = list == null ? List.of() : list.children("offset");
        double[] t = new double[offsets.size()];
        double[] v = new double[offsets.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = number(offsets.get(i), "time");
            v[i] = number(offsets.get(i), "value");
        }
        double count = number(info, "sample_count");
        return new StreamFooterInfo(xml, number(info, "first_timestamp"), number(info, "last_timestamp"),
                Double.isNaN(count) ? -1 : (long) count, number(info, "measured_srate"), t, v);
    }

    private static double number(XmlElement parent, String name) {
        XmlElement e = parent.child(name);
        if (e == null) return Double.NaN;
        try {
            return Double.parseDouble(e.text().trim());
        } catch (NumberFormatException x) {
            return Double.NaN;
        }
    }
}
