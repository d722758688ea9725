package org.apical.lsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apical.CommandRun;
import org.junit.jupiter.api.Test;

/**
 * {@code apical lsl receive} against outlets that break the handshake: each ends with one line naming the stream, its
 * address and what was wrong, never an internal error with a stack trace.
 */
class HostileInletTest {
    static final LslConfig CFG = LslConfig.machineOnly();

    private static void assertOneClearLine(String name, HostileOutlet.Behaviour info, HostileOutlet.Behaviour feed,
                                           String what) throws Exception {
        try (HostileOutlet peer = new HostileOutlet(name, CFG, info, feed)) {
            CommandRun r = CommandRun.of("lsl", "receive", "--name", name, "--duration", "1", "--timeout", "3",
                    "--scope", "machine");
            String err = r.err().strip();
            assertEquals(2, r.code(), name + ": " + r.out() + err);
            assertFalse(err.contains("internal error") || err.contains("\tat "), name + ": " + err);
            assertEquals(1, err.lines().count(), name + ": " + err);
            assertTrue(err.contains("'" + name + "'") && err.contains("127.0.0.1:" + peer.info.v4dataPort()),
                    name + ": " + err);
            assertTrue(err.toLowerCase().contains(what), name + ": [" + what + "] in " + err);
        }
    }

    @Test
    void badInfoXml() throws Exception {
        assertOneClearLine("hostile-xml", HostileOutlet.reply("<?xml version=\"1.0\"?><info><name>x</na"),
                HostileOutlet.SILENT, "info");
    }

    @Test
    void aChannelCountOfTwoBillion() throws Exception {
        HostileOutlet.Behaviour huge = (s, line, peer) -> {
            HostileOutlet.write(s, peer.fullXml().replace("<channel_count>2</channel_count>",
                    "<channel_count>2000000000</channel_count>"));
            s.close();
        };
        assertOneClearLine("hostile-count", huge, HostileOutlet.SILENT, "channel");
    }

    @Test
    void a500Reply() throws Exception {
        assertOneClearLine("hostile-500", HostileOutlet.HONEST_INFO,
                HostileOutlet.reply("LSL/110 500 Internal error\r\n\r\n"), "500");
    }

    @Test
    void garbage() throws Exception {
        assertOneClearLine("hostile-garbage", HostileOutlet.HONEST_INFO,
                HostileOutlet.reply("\u0001\u00ff\u0000garbage\r\n\r\n"), "status line");
    }

    @Test
    void anEndlessHeader() throws Exception {
        assertOneClearLine("hostile-endless", HostileOutlet.HONEST_INFO, HostileOutlet.ENDLESS_HEADER, "header");
    }

    @Test
    void protocol100() throws Exception {
        assertOneClearLine("hostile-100", HostileOutlet.HONEST_INFO,
                HostileOutlet.ok("100", new byte[64]), "protocol 100");
    }

    @Test
    void aWrongTestPattern() throws Exception {
        byte[] wrong = new byte[200];
        java.util.Arrays.fill(wrong, (byte) 1);
        wrong[0] = 2; // a deduced-timestamp tag, then values that are not the pattern
        assertOneClearLine("hostile-pattern", HostileOutlet.HONEST_INFO, HostileOutlet.ok("110", wrong),
                "test-pattern");
    }

    @Test
    void silentOnInfoAndSilentOnFeed() throws Exception {
        assertOneClearLine("hostile-mute-info", HostileOutlet.SILENT, HostileOutlet.SILENT, "answer");
        assertOneClearLine("hostile-mute-feed", HostileOutlet.HONEST_INFO, HostileOutlet.SILENT, "answer");
    }
}
