package org.apical.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apical.config.Definitions;
import org.apical.reward.SimulatedRewardOutput;
import org.apical.sim.Pacer;
import org.apical.sim.SimulatedRig;
import org.apical.task.TrialOutcome;
import org.junit.jupiter.api.Test;
import org.apical.session.Session;
import org.apical.session.SessionSummary;

/** The whole loop on the simulated rig, on the frames' own clock (unpaced), for simulated minutes. */
class ClosedLoopTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));

    record Result(SessionSummary summary, SimulatedRewardOutput reward, SimulatedRig rig, List<TrialOutcome> shown) {}

    static Result run(String rigFile, long seed, double seconds) throws Exception {
        Definitions defs = Definitions.load(ROOT.resolve(rigFile), ROOT.resolve("decoders/default.yaml"),
                ROOT.resolve("stimuli/grating.yaml"));
        var sim = defs.rig().sim().withSeed(seed);
        SimulatedRig rig = new SimulatedRig(sim, defs.rig().input().spikes(), new Pacer(Double.POSITIVE_INFINITY),
                Math.round(seconds * sim.rateHz()), 500.0);
        SimulatedRewardOutput reward = new SimulatedRewardOutput();
        Session s = new Session(defs, rig, List.of(reward, rig.rewardOutput()), null);
        rig.followDecisions(s::decidedSequence);
        s.run();
        return new Result(SessionSummary.of(s), reward, rig, s.view().closedTrialsFrom(0));
    }

    @Test
    void theLearnerRaisesTheHitRateAndNoFrameIsDropped() throws Exception {
        int better = 0;
        for (long seed = 1; seed <= 3; seed++) {
            Result r = run("rigs/sim.yaml", seed, 900);
            SessionSummary s = r.summary();
            assertEquals(27_000, s.frames());
            assertEquals(0, s.dropped());
            assertTrue(s.trials() > 40, "trials: " + s.trials());
            assertEquals(s.rewards(), r.reward().delivered(), "every approved reward reached the output");
            assertEquals(s.rewards(), r.rig().population().rewardsSeen(), "and the simulated animal");
            assertTrue(r.rig().population().learned() > 0.2, "learned " + r.rig().population().learned());
            if (s.hitRateLastThird() > s.hitRateFirstThird()) better++;
        }
        assertTrue(better >= 2, "the hit rate rose in at least 2 of 3 simulated animals");
    }

    @Test
    void theSameSeedGivesTheSameSessionFrameForFrame() throws Exception {
        Result a = run("rigs/sim.yaml", 5, 240);
        Result b = run("rigs/sim.yaml", 5, 240);
        List<TrialOutcome> oa = a.summary().outcomes(), ob = b.summary().outcomes();
        assertEquals(oa, ob);
        assertTrue(oa.size() > 5);
        assertEquals(oa, a.shown(), "the console is shown the summary's own trials");
    }

    @Test
    void spikeCountInputRunsTheSameLoop() throws Exception {
        Result r = run("rigs/sim-spikes.yaml", 2, 300);
        assertEquals(15_000, r.summary().frames(), "50 Hz bins for 300 s");
        assertEquals(0, r.summary().dropped());
        assertTrue(r.summary().trials() > 10);
        assertTrue(r.summary().hits() > 0, "spike-count decoding reaches the target");
    }
}
