package org.apical.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apical.config.Definitions;
import org.apical.core.Frame;
import org.apical.reward.RewardOutput;
import org.apical.reward.RewardRequest;
import org.junit.jupiter.api.Test;

/** The simulated animal hears its rewards as a reward output, and learns from each a fixed number of frames later. */
class SimulatedRigTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));

    @Test
    void aRewardDeliveredToTheAnimalsOutputReachesTheLearnerRewardLagFramesAfterItsFrame() throws Exception {
        Definitions defs = Definitions.load(ROOT.resolve("rigs/sim.yaml"), ROOT.resolve("decoders/default.yaml"),
                ROOT.resolve("stimuli/grating.yaml"));
        double rate = defs.rig().sim().rateHz();
        SimulatedRig rig = new SimulatedRig(defs.rig().sim(), false, new Pacer(Double.POSITIVE_INFINITY), 100, 500.0);
        Frame f = new Frame(rig.description().channelCount());
        RewardOutput animal = rig.rewardOutput();
        long rewarded = 20;
        int[] seenAt = new int[100];
        for (int seq = 0; seq < 100; seq++) {
            f.clear();
            assertTrue(rig.next(f));
            if (seq == rewarded) {
                assertEquals(500.0 + rewarded / rate, f.timestamp, 1e-9);
                animal.deliver(new RewardRequest(1, seq, f.timestamp, 5, false, System.nanoTime()));
            }
            seenAt[seq] = rig.population().rewardsSeen();
        }
        long firstSeen = java.util.stream.IntStream.range(0, 100).filter(i -> seenAt[i] > 0).findFirst().orElse(-1);
        // the learner is updated before the frame REWARD_LAG after the rewarded one is produced
        assertEquals(rewarded + SimulatedRig.REWARD_LAG, firstSeen);
        assertEquals(1, rig.population().rewardsSeen());
        assertEquals(1, animal.delivered());
        assertTrue(animal.healthy());
        animal.closeValve(); // no valve: nothing happens, the animal keeps what it learned
        assertEquals(1, rig.population().rewardsSeen());
    }
}
