package org.apical.lsl;

import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.*;

/** Bytes on the wire, checked against the captures in the protocol spec and against raw sockets. */
class WireProtocolTest {
    static final LslConfig CFG = LslConfig.machineOnly();
    static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    static byte[] testPatterns(ChannelFormat f, int ch, ByteOrder order) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WireWriter w = new WireWriter(bytes, 4096, order);
        SampleCodec.writeTestPattern(w, f, ch, 4);
        SampleCodec.writeTestPattern(w, f, ch, 2);
        w.flush();
        return bytes.toByteArray();
    }

    @Test
    void float32TestPatternsMatchTheLiblslCapture() throws Exception {
        assertEquals("02 c9 76 be 9f 0c 24 fe 40 00 00 80 40 00 00 a0 c0 00 00 c0 40 "
                        + "02 c9 76 be 9f 0c 24 fe 40 00 00 00 40 00 00 40 c0 00 00 80 40",
                HEX.formatHex(testPatterns(ChannelFormat.FLOAT32, 3, ByteOrder.LITTLE_ENDIAN)));
    }

    @Test
    void stringTestPatternMatchesTheLiblslCapture() throws Exception {
        byte[] b = testPatterns(ChannelFormat.STRING, 4, ByteOrder.LITTLE_ENDIAN);
        String one = "02 c9 76 be 9f 0c 24 fe 40 01 02 31 30 01 03 2d 31 31 01 02 31 32 01 03 2d 31 33";
        assertEquals(one + " " + one, HEX.formatHex(b));
    }

    @Test
    void bigEndianInt32PatternMatchesTheCapture() throws Exception {
        byte[] b = testPatterns(ChannelFormat.INT32, 2, ByteOrder.BIG_ENDIAN);
        assertEquals("02 40 fe 24 0c 9f be 76 c9 00 01 00 05 ff fe ff fa", HEX.formatHex(b, 0, 17));
    }

    @Test
    void decoderReadsTheCapturedSamplesIncludingADeducedOne() throws Exception {
        byte[] wire = HEX.parseHex("02 5c 9f 7e bf 31 e8 af 40 00 00 54 43 00 80 97 44 00 40 0a 45 "
                + "01 00 00 55 43 00 a0 97 44 00 50 0a 45");
        WireReader r = new WireReader(new ByteArrayInputStream(wire), 64, ByteOrder.LITTLE_ENDIAN);
        ByteBuffer slot = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(SampleCodec.TAG_TIMESTAMP, SampleCodec.readTag(r));
        SampleCodec.readStamp(r);
        SampleCodec.readNumeric(r, ChannelFormat.FLOAT32, 3, slot, 0);
        assertEquals(212f, slot.getFloat(0));
        assertEquals(2212f, slot.getFloat(8));
        assertEquals(SampleCodec.TAG_DEDUCED, SampleCodec.readTag(r));
        SampleCodec.readNumeric(r, ChannelFormat.FLOAT32, 3, slot, 0);
        assertEquals(1213f, slot.getFloat(4));
    }

    static String request(StreamOutlet out, String byteOrder, String valueSize, long maxBuf) {
        return "LSL:streamfeed/110 " + out.info().uid() + "\r\nNative-Byte-Order: " + byteOrder
                + "\r\nEndian-Performance: 0\r\nHas-IEEE754-Floats: 1\r\nSupports-Subnormals: 1\r\nValue-Size: " + valueSize
                + "\r\nData-Protocol-Version: 110\r\nMax-Buffer-Length: " + maxBuf + "\r\nMax-Chunk-Length: 0\r\n\r\n";
    }

    static String readHeader(InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) break;
            b.append((char) c);
        }
        return b.toString();
    }

    @Test
    void outletConvertsToBigEndianWhenAClientAsks() throws Exception {
        StreamInfo info = StreamInfo.create("be", "T", 2, 10, ChannelFormat.INT32, "be-src");
        try (StreamOutlet out = new StreamOutlet(info, 10, CFG);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), out.info().v4dataPort())) {
            s.getOutputStream().write(request(out, "4321", "4", 1000).getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            String header = readHeader(in);
            assertTrue(header.startsWith("LSL/110 200 OK\r\n"), header);
            assertTrue(header.contains("Byte-Order: 4321\r\n"), header);
            assertTrue(header.contains("UID: " + out.info().uid() + "\r\n"), header);
            byte[] patterns = new DataInputStream(in).readNBytes(34);
            assertEquals("02 40 fe 24 0c 9f be 76 c9 00 01 00 05 ff fe ff fa", HEX.formatHex(patterns, 0, 17));
            assertTrue(out.waitForConsumers(10));
            out.pushSample(new int[]{0x01020304, -2}, 2.0);
            byte[] sample = new DataInputStream(in).readNBytes(17);
            assertEquals("02 40 00 00 00 00 00 00 00 01 02 03 04 ff ff ff fe", HEX.formatHex(sample));
        }
    }

    @Test
    void wrongUidGets404AndTheOutletKeepsServing() throws Exception {
        StreamInfo info = StreamInfo.create("uid", "T", 1, 10, ChannelFormat.FLOAT32, "uid-src");
        try (StreamOutlet out = new StreamOutlet(info, 10, CFG)) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), out.info().v4dataPort())) {
                s.getOutputStream().write("LSL:streamfeed/110 not-this-one\r\nNative-Byte-Order: 1234\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertEquals("LSL/110 404 Not found", new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1));
            }
            try (StreamInlet in = new StreamInlet(out.info(), InletOptions.defaults().withConfig(CFG))) {
                out.pushSample(new float[]{5f}, 1.0);
                assertEquals(1.0, in.pullSample(new float[1], 2));
            }
        }
    }

    @Test
    void malformedHandshakesCloseOnlyThatConnection() throws Exception {
        StreamInfo info = StreamInfo.create("bad", "T", 1, 10, ChannelFormat.FLOAT32, "bad-src");
        try (StreamOutlet out = new StreamOutlet(info, 10, CFG);
             StreamInlet in = new StreamInlet(out.info(), InletOptions.defaults().withConfig(CFG))) {
            String[] attacks = {
                    "LSL:streamfeed/110 " + out.info().uid() + "\r\nMax-Buffer-Length: banana\r\n\r\n",
                    "LSL:streamfeed/110 " + out.info().uid() + "\r\nValue-Size: 8\r\nMax-Buffer-Length: 10\r\n\r\n",
                    "LSL:streamfeed/abc\r\nx: 1\r\n\r\n",
                    "GET / HTTP/1.1\r\n\r\n",
                    "LSL:streamfeed/110 " + out.info().uid() + "\r\n" + "X".repeat(10_000) + "\r\n\r\n",
                    "LSL:streamfeed/110 " + out.info().uid() + "\r\n" + "a: 1\r\n".repeat(200) + "\r\n",
            };
            for (String a : attacks) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), out.info().v4dataPort())) {
                    s.setSoTimeout(5000);
                    OutputStream o = s.getOutputStream();
                    try {
                        o.write(a.getBytes(StandardCharsets.ISO_8859_1));
                    } catch (java.io.IOException closedEarly) {
                        continue; // the outlet already hung up: fine
                    }
                    byte[] reply = s.getInputStream().readAllBytes(); // returns at EOF: the outlet closed it
                    assertFalse(new String(reply, StandardCharsets.ISO_8859_1).contains("200 OK"), a);
                } catch (java.net.SocketException reset) {
                    // connection reset by the outlet: closed, as intended
                }
            }
            out.pushSample(new float[]{7f}, 3.0);
            float[] v = new float[1];
            assertEquals(3.0, in.pullSample(v, 2), "the good consumer is unaffected");
            assertEquals(7f, v[0]);
        }
    }

    @Test
    void udpServiceAnswersDiscoveryAndTimeProbes() throws Exception {
        StreamInfo info = StreamInfo.create("udp", "T", 1, 10, ChannelFormat.FLOAT32, "udp-src")
                .withDesc(XmlElement.of("desc", XmlElement.of("channels", XmlElement.empty("channel"), XmlElement.empty("channel"))));
        try (StreamOutlet out = new StreamOutlet(info, 10, CFG);
             DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(2000);
            int port = out.info().v4servicePort();
            // desc predicate: matched on the full info although the reply carries an empty desc
            byte[] q = ("LSL:shortinfo\r\nsession_id='default' and count(desc/channels/channel)=2\r\n"
                    + s.getLocalPort() + " 42\r\n").getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(q, q.length, InetAddress.getLoopbackAddress(), port));
            DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
            s.receive(p);
            String reply = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("42\r\n<?xml version=\"1.0\"?>\n<info>"), reply);
            assertTrue(reply.contains("<desc />"), reply);
            byte[] t = "LSL:timedata\r\n7 12.5\r\n".getBytes(StandardCharsets.ISO_8859_1);
            s.send(new DatagramPacket(t, t.length, InetAddress.getLoopbackAddress(), port));
            s.receive(p);
            String[] f = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1).split(" ");
            assertEquals("", f[0], "reply starts with a space");
            assertEquals("7", f[1]);
            assertEquals("12.5", f[2]);
            assertTrue(Double.parseDouble(f[4]) >= Double.parseDouble(f[3]));
        }
    }
}
