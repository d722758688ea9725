package org.apical.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.EventHandler;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.apical.config.Definitions;
import org.apical.reward.SimulatedRewardOutput;
import org.apical.sim.Pacer;
import org.apical.sim.SimulatedRig;
import org.junit.jupiter.api.Test;
import org.apical.core.Frame;
import org.apical.session.Session;

/**
 * The decision thread allocates nothing per frame: over 20,000 frames of a simulated session its allocation is what
 * the task events of the trials in them cost (a few objects per trial, ~200 frames each), far below one object per
 * frame.
 */
class DecisionPathAllocationTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));

    @Test
    void theDecisionThreadAllocatesNothingPerFrame() throws Exception {
        Definitions defs = Definitions.load(ROOT.resolve("rigs/sim.yaml"), ROOT.resolve("decoders/default.yaml"),
                ROOT.resolve("stimuli/grating.yaml"));
        SimulatedRig rig = new SimulatedRig(defs.rig().sim().withSeed(2), false, new Pacer(Double.POSITIVE_INFINITY),
                30_000, 500.0);
        Session s = new Session(defs, rig, List.of(new SimulatedRewardOutput(), rig.rewardOutput()), null);
        s.setOffline(true); // the probe below then reads the decision thread between two known frames
        rig.followDecisions(s::decidedSequence);
        long[] bytes = new long[2];
        long[] decided = new long[2];
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        s.addSideConsumer(new EventHandler<Frame>() {
            Thread decision;

            @Override public void onEvent(Frame f, long sequence, boolean endOfBatch) {
                // after the baseline and its calibration (which allocates once), and after the JIT has settled
                int i = f.sequence == 5_000 ? 0 : f.sequence == 25_000 ? 1 : -1;
                if (i < 0) return;
                if (decision == null) {
                    decision = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().equals("apical-decision")).findFirst().orElseThrow();
                }
                bytes[i] = mx.getThreadAllocatedBytes(decision.threadId());
                decided[i] = s.decidedSequence();
            }
        });
        s.run();
        long frames = decided[1] - decided[0];
        double perFrame = (bytes[1] - bytes[0]) / (double) frames;
        assertTrue(frames > 15_000, "frames between the probes: " + frames);
        assertTrue(perFrame < 8, "the decision thread allocated " + perFrame + " bytes per frame over " + frames
                + " frames (" + s.monitor().outcomes().size() + " trials in the session)");
    }
}
