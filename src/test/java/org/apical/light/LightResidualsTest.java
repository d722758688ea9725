package org.apical.light;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        String rig = Files.readString(ROOT.resolve("rigs/sim.yaml")).replace("  residual_gain: 0.5",
                "  residual_gain: 0.8\n  light_residual_scale: " + scale)
                + "\nlight:\n  mode: every_frame\n  schedule: blocks\n  block_trials: 3\n  first_trial_light: false\n";
        Definitions d = TestDefinitions.definitions(rig, Files.readString(ROOT.resolve("decoders/default.yaml")),
                Files.readString(ROOT.resolve("stimuli/grating.yaml")));
        SimulatedRig sim = new SimulatedRig(d.rig().sim(), false, new Pacer(Double.POSITIVE_INFINITY), 30 * 300, 100);
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
        assertTrue(licks.perPhase().get("after_reward") > 3 * licks.perPhase().get("baseline"), licks.describe());
        return file;
    }

    @Test void lightOnResidualsAreSmallerAgainstTheLightOffFitWhenTheLightShrinksThem(@TempDir Path dir)
            throws Exception {
        RecordedResiduals rec = RecordedResiduals.read(record(dir, 0.2), null, 300, null);
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
    }
}
