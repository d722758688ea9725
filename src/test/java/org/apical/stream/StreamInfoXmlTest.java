package org.apical.stream;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

public class StreamInfoXmlTest {

    @Test
    void doublesAreFormattedLikeLiblsl() {
        assertEquals("100.0000000000000", StreamInfoXml.formatDouble(100));
        assertEquals("0.000000000000000", StreamInfoXml.formatDouble(0));
        assertEquals("1.100000000000000", StreamInfoXml.formatDouble(1.1));
        assertEquals("4081.976079021000", StreamInfoXml.formatDouble(4081.976079021));
        assertEquals("30000.00000000000", StreamInfoXml.formatDouble(30000));
        assertEquals("1.000000000000000e-05", StreamInfoXml.formatDouble(1e-5));
        assertEquals("1.000000000000000e+16", StreamInfoXml.formatDouble(1e16));
    }

    public static StreamInfo sample() {
        XmlElement desc = XmlElement.of("desc",
                XmlElement.of("channels",
                        XmlElement.of("channel", XmlElement.text("label", "ROI 1"), XmlElement.text("unit", "dF/F"),
                                XmlElement.of("position", XmlElement.text("x", "12.5"), XmlElement.text("y", "-3"))),
                        XmlElement.of("channel", XmlElement.text("label", "a<b & \"c\""))),
                XmlElement.empty("acquisition"));
        return new StreamInfo("Rig ROIs", "Calcium", 2, ChannelFormat.FLOAT32, "rig-1", 30, 1.1, 4081.976079021,
                "0b9a4c2e-0000-4000-8000-000000000001", "default", "rig-pc", "", 16572, 16573, "", 0, 0, desc);
    }

    @Test
    void fullInfoIsWrittenExactlyAsLiblslWritesIt() {
        String expected = """
                <?xml version="1.0"?>
                <info>
                \t<name>Rig ROIs</name>
                \t<type>Calcium</type>
                \t<channel_count>2</channel_count>
                \t<channel_format>float32</channel_format>
                \t<source_id>rig-1</source_id>
                \t<nominal_srate>30.00000000000000</nominal_srate>
                \t<version>1.100000000000000</version>
                \t<created_at>4081.976079021000</created_at>
                \t<uid>0b9a4c2e-0000-4000-8000-000000000001</uid>
                \t<session_id>default</session_id>
                \t<hostname>rig-pc</hostname>
                \t<v4address></v4address>
                \t<v4data_port>16572</v4data_port>
                \t<v4service_port>16573</v4service_port>
                \t<v6address></v6address>
                \t<v6data_port>0</v6data_port>
                \t<v6service_port>0</v6service_port>
                \t<desc>
                \t\t<channels>
                \t\t\t<channel>
                \t\t\t\t<label>ROI 1</label>
                \t\t\t\t<unit>dF/F</unit>
                \t\t\t\t<position>
                \t\t\t\t\t<x>12.5</x>
                \t\t\t\t\t<y>-3</y>
                \t\t\t\t</position>
                \t\t\t</channel>
                \t\t\t<channel>
                \t\t\t\t<label>a&lt;b &amp; "c"</label>
                \t\t\t</channel>
                \t\t</channels>
                \t\t<acquisition />
                \t</desc>
                </info>
                """;
        assertEquals(expected, StreamInfoXml.full(sample()));
        assertTrue(StreamInfoXml.shortInfo(sample()).contains("\t<desc />\n</info>"));
    }

    @Test
    void roundTripKeepsEveryFieldAndTheDescTree() throws Exception {
        StreamInfo back = StreamInfoXml.parse(StreamInfoXml.full(sample()));
        assertEquals(sample(), back);
        XmlElement ch = back.desc().path("channels").children("channel").get(0);
        assertEquals("ROI 1", ch.childText("label"));
        assertEquals("12.5", ch.path("position", "x").text());
        assertEquals("a<b & \"c\"", back.desc().path("channels").children("channel").get(1).childText("label"));
    }

    @Test
    void parsesLiblslStyleInfoWithLeadingWhitespaceAndAttributes() throws Exception {
        String xml = "\n  <?xml version=\"1.0\"?><info><name>X</name><channel_count>3</channel_count>"
                + "<channel_format>int16</channel_format><nominal_srate>0</nominal_srate><uid>u</uid>"
                + "<desc><m kind=\"a\">t</m></desc></info>";
        StreamInfo i = StreamInfoXml.parse(xml);
        assertEquals(ChannelFormat.INT16, i.channelFormat());
        assertEquals(0, i.v4dataPort());
        assertEquals(Map.of("kind", "a"), i.desc().child("m").attributes());
    }

    @Test
    void externalEntitiesAndDtdsAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE info [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<info><name>&x;</name><channel_count>1</channel_count><channel_format>float32</channel_format>"
                + "<nominal_srate>1</nominal_srate></info>";
        InfoXmlException e = assertThrows(InfoXmlException.class, () -> StreamInfoXml.parse(xxe));
        assertTrue(e.getMessage().contains("does not parse"), e.getMessage());
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;\">]>"
                + "<info><name>&b;</name></info>";
        assertThrows(InfoXmlException.class, () -> StreamInfoXml.parse(laughs));
    }

    @Test
    void sizesAndDepthAreBounded() {
        String deep = "<info><name>x</name><channel_count>1</channel_count><channel_format>float32</channel_format>"
                + "<nominal_srate>1</nominal_srate><desc>" + "<a>".repeat(500) + "</a>".repeat(500) + "</desc></info>";
        assertThrows(InfoXmlException.class, () -> StreamInfoXml.parse(deep));
        String huge = "<info><name>" + "x".repeat(StreamInfoXml.MAX_XML_CHARS) + "</name></info>";
        assertThrows(InfoXmlException.class, () -> StreamInfoXml.parse(huge));
        String manyChannels = "<info><name>x</name><channel_count>99999999999</channel_count>"
                + "<channel_format>float32</channel_format><nominal_srate>1</nominal_srate></info>";
        InfoXmlException e = assertThrows(InfoXmlException.class, () -> StreamInfoXml.parse(manyChannels));
        assertTrue(e.getMessage().contains("channel_count"), e.getMessage());
    }

    @Test
    void badFieldsAreNamedInTheError() {
        for (var c : List.of(
                List.of("<info><name></name><channel_count>1</channel_count><channel_format>float32</channel_format><nominal_srate>1</nominal_srate></info>", "name"),
                List.of("<info><name>x</name><channel_count>1</channel_count><channel_format>float16</channel_format><nominal_srate>1</nominal_srate></info>", "channel_format"),
                List.of("<info><name>x</name><channel_count>1</channel_count><channel_format>float32</channel_format><nominal_srate>-5</nominal_srate></info>", "nominal_srate"),
                List.of("<info><name>x</name><channel_count>1</channel_count><channel_format>float32</channel_format><nominal_srate>1</nominal_srate><v4data_port>70000</v4data_port></info>", "v4data_port"),
                List.of("<stream><name>x</name></stream>", "root"))) {
            InfoXmlException e = assertThrows(InfoXmlException.class, () -> StreamInfoXml.parse(c.get(0)));
            assertTrue(e.getMessage().contains(c.get(1)), e.getMessage());
        }
    }
}
