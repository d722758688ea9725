package org.apical.pilot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apical.CommandRun;
import org.apical.core.DecoderRow;
import org.apical.core.TaskEvent;
import org.apical.replay.ReplayComparison;
import org.apical.xdf.XdfStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open-loop pilot of a recording with its own decoder makes exactly the decisions {@code apical replay} makes:
 * every angle bit for bit, every outcome and every reward.
 */
class OpenLoopEqualsReplayTest {
    @TempDir static Path dir;
    static Path session;

    @BeforeAll
    static void recordADemoSession() {
        session = dir.resolve("demo.xdf");
        CommandRun r = CommandRun.of("demo", "--speed", "max", "--duration", "200", "--in-process", "--seed", "5",
                "--quiet", "--out", session.toString());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void theRecordedDecoderOpenLoopGivesReplaysAnglesOutcomesAndRewards() throws Exception {
        CommandRun replay = CommandRun.of("replay", session.toString(), "--quiet", "--json");
        assertEquals(0, replay.code(), replay.out() + replay.err());
        JsonNode r = replay.json();
        assertTrue(r.get("angles_identical").asBoolean());

        PilotRecording rec = PilotRecording.read(session, null, null);
        List<Double> angles = new ArrayList<>();
        List<Boolean> rewards = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        PilotRun.Result pilot = PilotRun.openLoop(rec, rec.recorded(), "recorded", true, f -> {
            angles.add(f.angle);
            rewards.add(f.rewardRequested);
            for (int i = 0; i < f.eventCount; i++) markers.add(TaskEvent.marker(f.events[i]));
        });
        assertEquals(Boolean.TRUE, pilot.identicalToRecording());

        XdfStream recorded = rec.session().decoder();
        assertEquals(recorded.samples(), angles.size(), "every recorded frame decided once");
        assertEquals(r.get("frames").asInt(), angles.size());
        for (int i = 0; i < angles.size(); i++) {
            assertEquals(Double.doubleToLongBits(recorded.value(i, DecoderRow.ANGLE)),
                    Double.doubleToLongBits(angles.get(i)), "angle of frame " + i);
            assertEquals(recorded.value(i, DecoderRow.REWARD) != 0, rewards.get(i), "reward flag of frame " + i);
        }
        assertEquals(ReplayComparison.outcomes(rec.session().eventMarkers()), ReplayComparison.outcomes(markers));
        assertEquals(r.get("trials").asInt(), pilot.figures().trials());
        assertEquals(r.get("hits").asInt(), pilot.figures().hits());
        assertEquals(r.get("rewards").asInt(), pilot.figures().rewards());
        assertTrue(pilot.figures().trials() > 10, "a session with something to compare");

        PilotRun.Result closed = PilotRun.recordedClosedLoop(rec);
        assertEquals(pilot.figures().trials(), closed.figures().trials(), "the recorded books read back the same");
        assertEquals(pilot.figures().hits(), closed.figures().hits());
        assertEquals(pilot.figures().rewards(), closed.figures().rewards());
        assertEquals(pilot.figures().tttMedian(), closed.figures().tttMedian(), 1e-9);
        assertArrayEquals(pilot.figures().occupancy(), closed.figures().occupancy(), 1e-12,
                "the recorded decoder rows give the same occupancy");

        CommandRun cli = CommandRun.of("pilot", session.toString(), "--out", dir.resolve("report").toString(),
                "--quiet", "--json");
        assertEquals(0, cli.code(), cli.out() + cli.err());
        JsonNode rows = cli.json().get("results");
        assertEquals("closed_loop_recorded", rows.get(0).get("run").asText());
        assertTrue(rows.get(0).get("identical_to_recording").asBoolean());
        assertEquals(r.get("rewards").asInt(), rows.get(0).get("rewards").asInt());
        assertEquals("open_loop_shifted", rows.get(1).get("run").asText());
        assertTrue(cli.out().contains("reproduces every recorded angle, outcome and reward: yes"), cli.out());
    }
}
