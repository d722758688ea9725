package org.apical.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apical analyze information} on a session recording made by {@code apical demo}. */
class AnalyzeSessionRecordingTest {
    @TempDir static Path dir;
    static Path session;

    @BeforeAll
    static void record() {
        session = dir.resolve("demo.xdf");
        var r = SessionRecordingAndReplayTest.apical("demo", "--in-process", "--speed", "max", "--duration", "900",
                "--seed", "2", "--quiet", "--out", session.toString());
        assertEquals(0, r.exit(), r.out());
    }

    @Test
    void hitAndMissTrialsComeFromTheRecordedEvents() throws Exception {
        XdfStream events = XdfReader.read(session).streams().stream().filter(s -> s.name().equals("ApicalEvents"))
                .findFirst().orElseThrow();
        int hits = 0, misses = 0;
        for (int i = 0; i < events.samples(); i++) {
            String m = events.string(i, 0);
            if (m.startsWith("hit ")) hits++;
            if (m.startsWith("timeout") || m.startsWith("floor_fail")) misses++;
        }
        Path out = dir.resolve("report");
        var r = SessionRecordingAndReplayTest.apical("analyze", "information", session.toString(), "--conditions",
                "hit,miss", "--bin", "100ms", "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.out());
        JsonNode j = r.json();
        assertEquals(50, j.get("neurons").asInt(), "the soma channels of the 50 simulated neurons");
        // a trial whose last second runs past the end of the recording is left out
        String counts = "events: " + hits + " hits, " + misses + " misses; analysed " + j.get("trials_a") + " / "
                + j.get("trials_b");
        assertTrue(hits - j.get("trials_a").asInt() <= 1 && hits >= j.get("trials_a").asInt(), counts);
        assertTrue(misses - j.get("trials_b").asInt() <= 1 && misses >= j.get("trials_b").asInt(), counts);
        assertTrue(Files.readAllLines(out.resolve("distance.csv")).size() > 2, "ROI positions from the stream's desc");
        assertTrue(Files.size(out.resolve("time.png")) > 1000);
    }

    @Test
    void earlyAgainstLateSplitsTheSessionsTrialsInThirds() throws Exception {
        var r = SessionRecordingAndReplayTest.apical("analyze", "information", session.toString(), "--conditions",
                "early,late", "--out", dir.resolve("el").toString(), "--json");
        assertEquals(0, r.exit(), r.out());
        JsonNode j = r.json();
        assertEquals(j.get("trials_a").asInt(), j.get("trials_b").asInt(), "a third each");
        assertTrue(j.get("trials_a").asInt() > 10);
    }

    @Test
    void aRecordingWithoutTaskEventsIsAClearError() throws Exception {
        Path bare = dir.resolve("bare.xdf");
        try (var w = org.apical.xdf.XdfWriter.create(bare)) {
            int id = w.addStream(StreamInfo.recorded("Rig2P", "Imaging", 4, 30,
                    ChannelFormat.FLOAT32, "x"));
            for (int i = 0; i < 100; i++) w.appendNumeric(id, i / 30.0, new double[] {1, 2, 3, 4});
        }
        var r = SessionRecordingAndReplayTest.apical("analyze", "information", bare.toString(), "--out",
                dir.resolve("x").toString());
        assertEquals(2, r.exit());
        var missing = SessionRecordingAndReplayTest.apical("analyze", "information", dir.resolve("missing.xdf").toString(),
                "--out", dir.resolve("y").toString());
        assertEquals(2, missing.exit());
    }
}
