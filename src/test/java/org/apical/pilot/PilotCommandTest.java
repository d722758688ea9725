package org.apical.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apical.CommandRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apical pilot} on a file another tool recorded: decoders by ROI index and by channel label, the report folder
 * and --json, and the precise errors for what cannot be piloted.
 */
class PilotCommandTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    @TempDir static Path dir;
    static Path foreign;
    static Path byIndex;
    static Path byLabel;

    @BeforeAll
    static void files() throws Exception {
        foreign = LabRecorderFile.write(dir.resolve("scope.xdf"), "Scope2P", 40, 30 * 300, 7);
        String text = Files.readString(ROOT.resolve("decoders/default.yaml"));
        byIndex = dir.resolve("by-index.yaml");
        Files.writeString(byIndex, text.replace("plus: [0, 1, 2, 3, 4]", "plus: [12, 13, 14]")
                .replace("minus: [5, 6, 7, 8, 9]", "minus: [30, 31]"));
        byLabel = dir.resolve("by-label.yaml");
        Files.writeString(byLabel, text.replace("plus: [0, 1, 2, 3, 4]", "plus: [roi-12, roi-13, roi-14]")
                .replace("minus: [5, 6, 7, 8, 9]", "minus: [roi-30, roi-31]"));
    }

    @Test
    void decodersByIndexAndByLabelPilotTheSameOnAForeignRecording() throws Exception {
        Path out = dir.resolve("report");
        CommandRun r = CommandRun.of("pilot", foreign.toString(), "--decoder", byIndex.toString(), "--decoder",
                byLabel.toString(), "--out", out.toString(), "--quiet", "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("describe chance behaviour"), r.out());
        JsonNode j = r.json();
        assertEquals("open_loop", j.get("mode").asText());
        JsonNode a = j.get("results").get(0), b = j.get("results").get(1);
        assertEquals("by-index", a.get("decoder").asText());
        assertEquals("by-label", b.get("decoder").asText());
        assertTrue(a.get("trials").asInt() > 20, a.toString());
        for (String f : new String[] {"trials", "hits", "rewards", "floor_failures", "ttt_median_s", "threshold"}) {
            assertEquals(a.get(f), b.get(f), f);
        }
        assertEquals(Occupancy.ANGLE_BINS, a.get("occupancy").size());
        double sum = 0;
        for (JsonNode v : a.get("occupancy")) sum += v.asDouble();
        assertEquals(1.0, sum, 1e-9, "occupancy covers every feedback frame");
        for (String f : new String[] {"summary.md", "results.csv", "hit-rate.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 100, f);
        }
        assertEquals(3, Files.readAllLines(out.resolve("results.csv")).size(), "header and one row per run");
    }

    @Test
    void aRecordingWithoutANumericStreamIsNamed() throws Exception {
        Path f = LabRecorderFile.markersOnly(dir.resolve("markers.xdf"));
        CommandRun r = CommandRun.of("pilot", f.toString(), "--decoder", byIndex.toString(), "--quiet");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(f.toString()) && r.err().contains("no numeric input stream")
                && r.err().contains("ScopeMarkers"), r.err());

        CommandRun named = CommandRun.of("pilot", foreign.toString(), "--stream", "Ephys", "--decoder",
                byIndex.toString(), "--quiet");
        assertEquals(2, named.code(), named.err());
        assertTrue(named.err().contains(foreign + ": has no stream 'Ephys'") && named.err().contains("Scope2P"),
                named.err());
    }

    @Test
    void roiIndicesBeyondTheStreamNameTheFileTheStreamAndTheField() throws Exception {
        Path wide = dir.resolve("wide.yaml");
        Files.writeString(wide, Files.readString(byIndex).replace("minus: [30, 31]", "minus: [30, 64]"));
        CommandRun r = CommandRun.of("pilot", foreign.toString(), "--decoder", wide.toString(), "--quiet");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(wide + ": ensembles.minus: ROI 64 does not exist in stream 'Scope2P' of "
                + foreign + " (40 channels)"), r.err());

        Path label = dir.resolve("bad-label.yaml");
        Files.writeString(label, Files.readString(byLabel).replace("roi-31", "roi-99"));
        CommandRun l = CommandRun.of("pilot", foreign.toString(), "--decoder", label.toString(), "--quiet");
        assertEquals(2, l.code(), l.err());
        assertTrue(l.err().contains(label + ": ensembles.minus[1]: no channel labelled 'roi-99' in stream 'Scope2P'"
                + " of " + foreign), l.err());
    }

    @Test
    void aSweepOverAFieldThatDoesNotExistIsNamedBeforeAnythingRuns() throws Exception {
        CommandRun r = CommandRun.of("pilot", foreign.toString(), "--decoder", byIndex.toString(), "--sweep",
                "mapping.gian=0.5:2:0.5", "--quiet", "--out", dir.resolve("never").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--sweep mapping.gian: " + byIndex + ": mapping.gian: unknown field (did you mean"
                + " 'gain'?)"), r.err());
        assertFalse(Files.exists(dir.resolve("never")), "nothing ran");

        CommandRun range = CommandRun.of("pilot", foreign.toString(), "--decoder", byIndex.toString(), "--sweep",
                "calibration.chance=0.5:2:0.5", "--quiet");
        assertEquals(2, range.code(), range.err());
        assertTrue(range.err().contains(byIndex + ": calibration.chance: must be between 0.01 and 0.99, found"),
                range.err());

        CommandRun syntax = CommandRun.of("pilot", foreign.toString(), "--decoder", byIndex.toString(), "--sweep",
                "mapping.gain=a,b", "--quiet");
        assertEquals(2, syntax.code(), syntax.err());
        assertTrue(syntax.err().contains("--sweep 'mapping.gain=a,b': 'a' is not a number"), syntax.err());
    }

    @Test
    void aSweepOfTwoParametersWritesAHeatMapAndNamesTheBestSettingWithinTheConstraint() throws Exception {
        Path out = dir.resolve("sweep");
        CommandRun r = CommandRun.of("pilot", foreign.toString(), "--decoder", byIndex.toString(), "--sweep",
                "calibration.chance=0.2,0.3,0.5", "--sweep", "smoothing_frames=1:5:2", "--within",
                "hit_rate=0.2:0.45", "--best", "max:rewards_per_min", "--out", out.toString(), "--quiet", "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode j = r.json();
        assertEquals(9, j.get("settings").asInt());
        JsonNode best = j.get("best");
        assertNotNull(best, r.out());
        double hr = best.get("metrics").get("hit_rate").asDouble();
        assertTrue(hr >= 0.2 && hr <= 0.45, best.toString());
        assertTrue(Files.readString(out.resolve("summary.md")).contains("**Best setting: calibration.chance="),
                Files.readString(out.resolve("summary.md")));
        assertEquals(10, Files.readAllLines(out.resolve("sweep.csv")).size());
        javax.imageio.ImageIO.read(out.resolve("sweep-hit-rate.png").toFile()).getRGB(450, 300);
    }
}
