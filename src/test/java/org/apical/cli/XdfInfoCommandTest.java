package org.apical.cli;

import org.apical.CommandRun;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apical.xdf.StreamClock;
import org.apical.xdf.XdfWriter;
import org.apical.xdf.XdfWriterOptions;

class XdfInfoCommandTest {
    @TempDir Path dir;


    static CommandRun run(String... args) { return CommandRun.of(args); }

    private Path recording() throws Exception {
        Path p = dir.resolve("s.xdf");
        try (XdfWriter w = XdfWriter.create(p, XdfWriterOptions.defaults().withFsync(false))) {
            int a = w.addStream(StreamInfo.recorded("rois", "Imaging", 3, 30, ChannelFormat.FLOAT32, "rig1"), StreamClock.REMOTE);
            int b = w.addStream(StreamInfo.recorded("events", "Markers", 1, 0, ChannelFormat.STRING, "task"));
            w.clockOffset(a, 100, 0.002);
            for (int i = 0; i < 90; i++) w.appendNumeric(a, 50 + i / 30.0, new double[] {i, i, i});
            w.appendStrings(b, 51, "hit");
        }
        return p;
    }

    @Test
    void infoPrintsStreamsAndJson() throws Exception {
        Path p = recording();
        CommandRun r = run("xdf", "info", p.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("[1] rois (Imaging) float32 x 3 @ 30 Hz: 90 samples"), r.out());
        String[] lines = r.out().strip().split("\n");
        JsonNode j = Json.mapper().readTree(lines[lines.length - 1]);
        assertFalse(j.get("truncated").asBoolean());
        JsonNode rois = j.get("streams").get(0);
        assertEquals("rois", rois.get("name").asText());
        assertEquals(90, rois.get("samples").asLong());
        assertEquals(50.0, rois.get("first_timestamp").asDouble());
        assertEquals(50 + 89 / 30.0, rois.get("last_timestamp").asDouble(), 1e-12);
        assertEquals(1, rois.get("clock_offsets").asInt());
        assertEquals(0.002, rois.get("last_clock_offset").asDouble());
        assertTrue(rois.get("footer").asBoolean());
        assertEquals("string", j.get("streams").get(1).get("format").asText());
    }

    @Test
    void infoReportsATruncatedFile() throws Exception {
        byte[] b = Files.readAllBytes(recording());
        Path cut = dir.resolve("cut.xdf");
        Files.write(cut, Arrays.copyOf(b, b.length - 30));
        CommandRun r = run("xdf", "info", cut.toString(), "--json");
        assertEquals(1, r.code(), "a truncated file is a problem found: " + r.err());
        String[] lines = r.out().strip().split("\n");
        JsonNode j = Json.mapper().readTree(lines[lines.length - 1]);
        assertTrue(j.get("truncated").asBoolean());
        assertTrue(j.get("stop_offset").asLong() > 0);
        assertTrue(r.out().contains("truncated: reading stopped at byte"), r.out());
    }

    @Test
    void userErrorsExitWithTwoAndNameTheFile() throws Exception {
        CommandRun missing = run("xdf", "info", dir.resolve("nope.xdf").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.xdf: no such file"), missing.err());
        Path junk = dir.resolve("junk.xdf");
        Files.writeString(junk, "hello");
        CommandRun bad = run("xdf", "info", junk.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("junk.xdf: byte 0: not an XDF file"), bad.err());
    }
}
