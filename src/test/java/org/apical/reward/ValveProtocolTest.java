package org.apical.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The line protocol as bytes written by hand from docs/reward.md (checksums worked out separately). */
class ValveProtocolTest {
    private final byte[] buf = new byte[ValveProtocol.MAX_LINE];

    private String encoded(int n) { return new String(buf, 0, n, StandardCharsets.US_ASCII); }

    @Test void encodesEveryHostCommandWithItsChecksum() {
        assertEquals("OPEN 17 40 0*06\n", encoded(ValveProtocol.open(buf, 17, 40, 0)));
        assertEquals("OPEN 4294967295 65535 15*0D\n", encoded(ValveProtocol.open(buf, 4294967295L, 65535, 15)));
        assertEquals("PING 3*03\n", encoded(ValveProtocol.ping(buf, 3)));
        assertEquals("STATUS*14\n", encoded(ValveProtocol.status(buf)));
        assertEquals("CLOSE*56\n", encoded(ValveProtocol.close(buf)));
        assertEquals("HELLO*42\n", encoded(ValveProtocol.hello(buf)));
        assertEquals("LIMIT 150*41\n", encoded(ValveProtocol.limit(buf, 150)));
        assertEquals("\nCLOSE*56\n", encoded(ValveProtocol.urgentClose(buf)), "the checksum covers CLOSE alone");
    }

    private static DeviceReply parsed(String line) {
        DeviceReply r = new DeviceReply();
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(r.parse(b, b.length), () -> line + ": " + r.problem());
        return r;
    }

    private static String refused(String line) {
        DeviceReply r = new DeviceReply();
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        assertFalse(r.parse(b, b.length), line + " should be garbled");
        return r.problem();
    }

    @Test void parsesEveryReplyTheSketchSends() {
        // These lines were printed by rigs/firmware/apical_valve built for the host.
        DeviceReply hello = parsed("HELLO apical_valve 1 1 500 0*46");
        assertEquals(DeviceReply.Kind.HELLO, hello.kind);
        assertArrayEquals(new long[] {1, 1, 500, 0}, java.util.Arrays.copyOf(hello.arg, 4));
        DeviceReply ack = parsed("ACK 1 20*7A");
        assertEquals(DeviceReply.Kind.ACK, ack.kind);
        assertEquals(1, ack.arg[0]);
        assertEquals(20, ack.arg[1]);
        DeviceReply status = parsed("STATUS 1 1 1 20 1*36");
        assertEquals(DeviceReply.Kind.STATUS, status.kind);
        assertArrayEquals(new long[] {1, 1, 1, 20, 1}, status.arg);
        DeviceReply nak = parsed("NAK 5 busy*6C");
        assertEquals(DeviceReply.Kind.NAK, nak.kind);
        assertEquals(5, nak.arg[0]);
        assertEquals("busy", nak.reason());
        assertEquals(DeviceReply.Kind.PONG, parsed("PONG 3*05").kind);
        assertEquals(9, parsed("CLOSED 9*0B").arg[0]);
        assertEquals(40, parsed("DONE 17 40*02").arg[1]);
        DeviceReply limit = parsed("LIMIT 150*41");
        assertEquals(DeviceReply.Kind.LIMIT, limit.kind);
        assertEquals(150, limit.arg[0]);
        assertEquals(DeviceReply.Kind.HELLO, parsed("HELLO apical_valve 2 1 500 0*45").kind);
        DeviceReply err = parsed("ERR checksum*68");
        assertEquals("checksum", err.reason());
        assertEquals(DeviceReply.Kind.PONG, parsed("PONG 3*05\r").kind);
    }

    @Test void refusesGarbledLines() {
        assertEquals("checksum mismatch", refused("ACK 1 21*7A"));
        assertEquals("no checksum (a line ends *CC)", refused("ACK 1 20"));
        assertEquals("checksum is not two hex digits", refused("ACK 1 20*7G"));
        assertEquals("missing number", refused(withSum("ACK 1")));
        assertEquals("unexpected text after the fields", refused(withSum("ACK 1 20 3")));
        assertEquals("unknown reply", refused(withSum("ACKK 1 20")));
        assertEquals("non-printable byte", refused(withSum("AC\u00FFK 1 20")));
        assertEquals("HELLO from a firmware other than apical_valve", refused(withSum("HELLO other 1 1 500 0")));
        assertEquals("number too long", refused(withSum("PONG 123456789012")));
        assertEquals("missing reason", refused(withSum("NAK 3")));
    }

    /** Thousands of mutated replies: the parser never throws, and a single changed byte is never accepted. */
    @Test void singleByteCorruptionIsAlwaysCaught() {
        Random random = new Random(42);
        String[] lines = {"ACK 12 40*", "STATUS 7 1 0 0 12*", "PONG 99*", "HELLO apical_valve 1 2 500 31*"};
        for (int i = 0; i < 20_000; i++) {
            String good = withSum(lines[i % lines.length].replace("*", ""));
            byte[] b = good.getBytes(StandardCharsets.ISO_8859_1);
            int at = random.nextInt(b.length);
            byte was = b[at];
            b[at] = (byte) random.nextInt(256);
            DeviceReply r = new DeviceReply();
            boolean ok = r.parse(b, b.length);
            if (b[at] != was) assertFalse(ok, () -> "accepted a corrupted line: " + new String(b, StandardCharsets.ISO_8859_1));
        }
    }

    private static String withSum(String body) {
        int x = 0;
        for (char c : body.toCharArray()) x ^= c;
        return body + String.format("*%02X", x);
    }
}
