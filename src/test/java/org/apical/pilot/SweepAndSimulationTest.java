package org.apical.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apical.CommandRun;
import org.apical.config.DecoderConfig;
import org.apical.config.Definitions;
import org.apical.config.StimulusConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps give the same figures on one thread as on several, open loop and in the simulated closed loop; the
 * simulated animal learns with a decoder that rewards what it learns, and not with one that has P+ and P− swapped.
 */
class SweepAndSimulationTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    @TempDir static Path dir;
    static Path recording;

    @BeforeAll
    static void record() throws Exception {
        recording = LabRecorderFile.write(dir.resolve("scope.xdf"), "Scope2P", 20, 30 * 240, 3);
    }

    @Test
    void anOpenLoopSweepDoesNotDependOnTheThreadCount() {
        PilotRecording rec = PilotRecording.read(recording, null, Definitions.loadRig(ROOT.resolve("rigs/sim.yaml")));
        StimulusConfig grating = Definitions.loadStimulus(ROOT.resolve("stimuli/grating.yaml"));
        DecoderConfig base = Definitions.loadDecoder(ROOT.resolve("decoders/default.yaml"));
        Sweep sweep = Sweep.of(base, List.of(SweepAxis.parse("mapping.gain=0.75:1.5:0.25"),
                SweepAxis.parse("normalise.window=10,20"),
                SweepAxis.parse("ensembles.plus=[0,1,2],[10,11,12,13]")));
        assertEquals(16, sweep.points().size());
        List<Sweep.Outcome> one = SweepRuns.openLoop(sweep, List.of(rec), null, grating, List.of(), 1, Progress.none());
        List<Sweep.Outcome> three = SweepRuns.openLoop(sweep, List.of(rec), null, grating, List.of(), 3, Progress.none());
        assertEquals(SweepReport.csv(sweep, one), SweepReport.csv(sweep, three));
        assertTrue(one.stream().map(o -> o.metrics().get("hits")).distinct().count() > 4, "the settings differ");
        // a fresh recording (nothing cached) gives the same again
        PilotRecording again = PilotRecording.read(recording, null, rec.rig());
        assertEquals(SweepReport.csv(sweep, one), SweepReport.csv(sweep,
                SweepRuns.openLoop(sweep, List.of(again), null, grating, List.of(), 2, Progress.none())));
    }

    @Test
    void aSimulatedSweepDoesNotDependOnTheThreadCount() {
        Definitions defs = Definitions.load(ROOT.resolve("rigs/sim.yaml"), ROOT.resolve("decoders/default.yaml"),
                ROOT.resolve("stimuli/grating.yaml"));
        Sweep sweep = Sweep.of(defs.decoder(), List.of(SweepAxis.parse("calibration.chance=0.2,0.4")));
        List<Long> seeds = List.of(1L, 2L);
        List<Sweep.Outcome> one = SweepRuns.simulated(sweep, defs, seeds, 240, 5, List.of(), 1, Progress.none());
        List<Sweep.Outcome> two = SweepRuns.simulated(sweep, defs, seeds, 240, 5, List.of(), 2, Progress.none());
        assertEquals(SweepReport.csv(sweep, one), SweepReport.csv(sweep, two));
    }

    @Test
    void theSimulatedAnimalLearnsWithTheDecoderThatRewardsWhatItLearns() throws Exception {
        Path swapped = dir.resolve("swapped.yaml");
        Files.writeString(swapped, Files.readString(ROOT.resolve("decoders/default.yaml"))
                .replace("plus: [0, 1, 2, 3, 4]", "plus: [5, 6, 7, 8, 9]")
                .replace("minus: [5, 6, 7, 8, 9]", "minus: [0, 1, 2, 3, 4]"));
        Path out = dir.resolve("learning");
        CommandRun r = CommandRun.of("pilot", "simulate", "--decoder", "decoders/default.yaml", "--decoder",
                swapped.toString(), "--seeds", "4", "--duration", "900", "--block", "20", "--out", out.toString(),
                "--quiet", "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode j = r.json();
        JsonNode learns = j.get("decoders").get(0), swappedCurve = j.get("decoders").get(1);
        assertEquals("default", learns.get("decoder").asText());
        JsonNode mean = learns.get("block_mean");
        assertTrue(mean.size() >= 3, mean.toString());
        double first = mean.get(0).asDouble(), last = mean.get(mean.size() - 1).asDouble();
        assertTrue(last > first + 0.1, "learning: " + mean);
        JsonNode other = swappedCurve.get("block_mean");
        assertTrue(last > other.get(other.size() - 1).asDouble() + 0.1, "default " + mean + " vs swapped " + other);
        for (int b = 0; b < mean.size(); b++) {
            assertTrue(learns.get("block_min").get(b).asDouble() <= mean.get(b).asDouble()
                    && mean.get(b).asDouble() <= learns.get("block_max").get(b).asDouble());
        }
        for (String f : new String[] {"summary.md", "learning.csv", "seeds.csv", "learning-curves.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 50, f);
        }
        assertEquals(1 + 8, Files.readAllLines(out.resolve("seeds.csv")).size(), "one row per decoder and seed");
    }
}
