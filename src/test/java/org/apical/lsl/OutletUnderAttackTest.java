package org.apical.lsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.junit.jupiter.api.Test;

/** An outlet facing idle sockets and requests liblsl would not serve: real consumers are still served. */
class OutletUnderAttackTest {
    static final LslConfig CFG = LslConfig.machineOnly();

    @Test
    void idleSocketsDoNotLockOutARealConsumer() throws Exception {
        StreamInfo info = StreamInfo.create("idle", "T", 1, 10, ChannelFormat.FLOAT32, "idle-src");
        List<Socket> idle = new ArrayList<>();
        try (StreamOutlet out = new StreamOutlet(info, 10, CFG)) {
            for (int i = 0; i < 2 * StreamOutlet.MAX_CONNECTIONS; i++) {
                idle.add(new Socket(InetAddress.getLoopbackAddress(), out.info().v4dataPort()));
            }
            // within a budget shorter than the idle sockets' own handshake time-out
            try (StreamInlet in = new StreamInlet(out.info(), InletOptions.defaults().withConfig(CFG)
                    .withHandshakeSeconds(3))) {
                out.pushSample(new float[] {4f}, 2.0);
                float[] v = new float[1];
                assertEquals(2.0, in.pullSample(v, 5), "the consumer that came after the idle sockets is served");
                assertEquals(4f, v[0]);
            }
            // and an idle socket is closed by the outlet, not held
            Socket last = idle.getLast();
            last.setSoTimeout(30_000);
            assertEquals(-1, last.getInputStream().read());
        } finally {
            for (Socket s : idle) s.close();
        }
    }

    private static String answer(StreamOutlet out, String request) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), out.info().v4dataPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c >= 0 && !b.toString().endsWith("\r\n\r\n"); c = in.read()) b.append((char) c);
            return b.toString();
        }
    }

    private static String request(StreamOutlet out, String header, String value) {
        String r = WireProtocolTest.request(out, "1234", "4", 10);
        return r.replaceAll("(?m)^" + header + ": [^\r]*\r\n", header + ": " + value + "\r\n");
    }

    @Test
    void requestsAreAnsweredAsLiblslAnswersThem() throws Exception {
        StreamInfo info = StreamInfo.create("odd", "T", 1, 10, ChannelFormat.FLOAT32, "odd-src");
        try (StreamOutlet out = new StreamOutlet(info, 10, CFG)) {
            // liblsl's outlet reads the version from the request line and Protocol-Version, never this header
            for (String v : new String[] {"100", "-110"}) {
                String a = answer(out, request(out, "Data-Protocol-Version", v));
                assertTrue(a.startsWith("LSL/110 200 OK") && a.contains("Data-Protocol-Version: 110"), v + ": " + a);
            }
            // an order it cannot convert to: liblsl sends its own
            String order = answer(out, request(out, "Native-Byte-Order", "9999"));
            assertTrue(order.startsWith("LSL/110 200 OK") && order.contains("Byte-Order: 1234"), order);
            // beyond a 32-bit integer: liblsl's parse fails and it serves nothing; we say why
            String chunk = answer(out, request(out, "Max-Chunk-Length", "99999999999"));
            assertTrue(chunk.startsWith("LSL/110 400 "), chunk);
            assertTrue(chunk.toLowerCase().contains("max-chunk-length"), chunk);
            // no header at all: liblsl waits for one forever; we refuse at once
            String bare = answer(out, "LSL:streamfeed/110 " + out.info().uid() + "\r\n\r\n");
            assertTrue(bare.startsWith("LSL/110 400 "), bare);
            // protocol 100 (liblsl's legacy archive format), which this outlet does not speak
            String legacy = answer(out, request(out, "Data-Protocol-Version", "110").replace("streamfeed/110",
                    "streamfeed/100"));
            assertTrue(legacy.startsWith("LSL/110 "), legacy);
            assertTrue(!legacy.contains("200 OK"), legacy);
            // and the outlet still serves a proper consumer
            try (StreamInlet in = new StreamInlet(out.info(), InletOptions.defaults().withConfig(CFG))) {
                out.pushSample(new float[] {1f}, 3.0);
                assertEquals(3.0, in.pullSample(new float[1], 5));
            }
        }
    }
}
