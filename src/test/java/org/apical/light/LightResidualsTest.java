package org.apical.light;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apical.CommandRun;
import org.apical.TestDefinitions;
import org.apical.config.Definitions;
import org.apical.residual.LightComparison;
import org.apical.residual.RecordedResiduals;
import org.apical.session.SessionRunner;
import org.apical.sim.Pacer;
import org.apical.sim.SimulatedRig;
import org.apical.stream.ApicalStreams;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The light-on/off residual comparison on the simulated rig, whose light shrinks every residual by a known factor
 * (sim.light_residual_scale): recorded with the light on alternate blocks, the comparison has its two groups and
 * finds the light-on residuals smaller; with a light that does nothing it finds no such thing.
 */
class LightResidualsTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));

    static Path record(Path dir, double scale) throws Exception {
        return record(dir, scale, "light:\n  mode: every_frame\n  schedule: blocks\n  block_trials: 3\n"
                + "  first_trial_light: false\n", 300);
    }

    static Path record(Path dir, double scale, String light, int seconds) throws Exception {
        String rig = Files.readString(ROOT.resolve("rigs/sim.yaml")).replace("  residual_gain: 0.5",
                "  residual_gain: 0.8\n  light_residual_scale: " + scale) + "\n" + light;
        Definitions d = TestDefinitions.definitions(rig, Files.readString(ROOT.resolve("decoders/default.yaml")),
                Files.readString(ROOT.resolve("stimuli/grating.yaml")));
        SimulatedRig sim = new SimulatedRig(d.rig().sim(), false, new Pacer(Double.POSITIVE_INFINITY), 30L * seconds, 100);
        SessionRunner runner = new SessionRunner(d, sim, List.of(sim.rewardOutput()), SessionRunner.Options.none(),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        runner.session().setLight(sim.lightOutput());
        runner.session().setLicks(sim.licks());
        runner.session().setOffline(true);
        sim.followDecisions(runner.session()::decidedSequence);
        Path file = dir.resolve("light-" + scale + ".xdf");
        runner.record(file, true);
        runner.run();
        var licks = runner.lickBook().report();
        assertTrue(licks.total() > 0, "the simulated animal licks");
        assertEquals((Long) licks.total(), XdfReader.readNamed(file).streams().stream()
                .filter(s -> s.name().equals(ApicalStreams.LICKS)).findFirst().map(s -> (long) s.samples()).orElse(0L),
                "every lick is recorded");
        // consummatory licking: the seconds after the rewards hold far more licks than the 30 s baseline
        if (seconds >= 300) {
            assertTrue(licks.perPhase().get("after_reward") > 3 * licks.perPhase().get("baseline"), licks.describe());
        }
        return file;
    }

    @Test void lightOnResidualsAreSmallerAgainstTheLightOffFitWhenTheLightShrinksThem(@TempDir Path dir)
            throws Exception {
        Path lit = record(dir, 0.2);
        RecordedResiduals rec = RecordedResiduals.read(lit, null, 300, null);
        assertTrue(LightComparison.applies(rec), "both conditions are in the file");
        LightComparison.Result r = LightComparison.run(rec, 1);
        assertTrue(r.onFrames() > 1_500 && r.offFrames() > 1_500, r.onFrames() + " on, " + r.offFrames() + " off");
        assertTrue(r.comparedNeurons() >= 30, "neurons with events in both: " + r.comparedNeurons());
        assertTrue(r.medianSdRatio() < 0.95, "light-on residual SD / light-off: " + r.medianSdRatio());
        assertTrue(r.pSd() < 0.01, "p " + r.pSd());

        RecordedResiduals none = RecordedResiduals.read(record(dir, 1.0), null, 300, null);
        LightComparison.Result n = LightComparison.run(none, 1);
        assertTrue(n.medianSdRatio() > 0.97, "a light that does nothing: ratio " + n.medianSdRatio());
        assertTrue(n.medianSdRatio() > r.medianSdRatio() + 0.03, n.medianSdRatio() + " vs " + r.medianSdRatio());

        // a replay decides the same light conditions but never drives a light
        CommandRun replay = CommandRun.of("replay", lit.toString(), "--speed", "max", "--json");
        assertEquals(0, replay.code(), replay.out() + replay.err());
        var light = replay.json().get("light");
        assertEquals(0, light.get("pulses").asInt(), replay.out());
        assertTrue(light.get("output").isNull(), replay.out());
        assertTrue(light.get("condition_changes").asInt() >= 2, replay.out());

        // the session report's lick raster on the same recording
        CommandRun licks = CommandRun.of("analyze", "licks", lit.toString(), "--out", dir.resolve("licks").toString(),
                "--json");
        assertEquals(0, licks.code(), licks.err());
        var j = licks.json();
        assertTrue(j.get("rewards").asInt() >= 10, licks.out());
        assertTrue(j.get("rate_after_hz").asDouble() > j.get("rate_before_hz").asDouble(),
                "consummatory licking after the water: " + licks.out());
        assertTrue(Files.size(dir.resolve("licks/licks.png")) > 1_000);
        assertTrue(Files.readString(dir.resolve("licks/licks.csv")).lines().count() > j.get("rewards").asInt());
    }

    @Test void aRecordingWithoutTheTwoConditionsIsToldSo(@TempDir Path dir) throws Exception {
        Path dark = record(dir, 0.2, "", 40);
        CommandRun r = CommandRun.of("analyze", "residuals", dark.toString(), "--out", dir.resolve("out").toString(),
                "--light");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(dark + ": --light: the recording holds no light-on and light-off frames together"),
                r.err());
    }
}
