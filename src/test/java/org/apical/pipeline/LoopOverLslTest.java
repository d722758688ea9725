package org.apical.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apical.session.Sources;
import org.apical.config.Definitions;
import org.apical.lsl.InletOptions;
import org.apical.lsl.LslConfig;
import org.apical.lsl.Resolver;
import org.apical.lsl.StreamInlet;
import org.apical.reward.SimulatedRewardOutput;
import org.apical.sim.Pacer;
import org.apical.stream.StreamInfo;
import org.apical.task.TrialOutcome;
import org.junit.jupiter.api.Test;
import org.apical.core.StreamDescription;
import org.apical.lsl.LslPublisher;
import org.apical.session.Session;

/**
 * The closed loop with the simulated rig behind a real LSL outlet on loopback, as on a rig: same decisions as in
 * process, the channel map read from the stream's desc, and Apical's own outlets readable by any LSL consumer.
 */
class LoopOverLslTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));

    static final LslConfig MACHINE = LslConfig.machineOnly();

    static Session session(boolean overLsl, LslPublisher publisher) throws Exception {
        Definitions defs = Definitions.load(ROOT.resolve("rigs/sim.yaml"), ROOT.resolve("decoders/default.yaml"),
                ROOT.resolve("stimuli/grating.yaml"));
        Sources.Opened opened = Sources.simulated(defs, defs.rig().sim().withSeed(9),
                new Pacer(Double.POSITIVE_INFINITY), 3600, overLsl, MACHINE);
        Session s = new Session(defs, opened.source(), opened.rewardOutputs(List.of(new SimulatedRewardOutput())), null);
        s.setOffline(true); // unpaced: the publisher must see every frame for the count below
        if (publisher != null) s.addSideConsumer(publisher);
        opened.attach(s);
        try {
            s.run();
        } finally {
            for (AutoCloseable c : opened.closeAfter()) c.close();
        }
        return s;
    }

    @Test
    void overLoopbackLslTheSessionEqualsTheInProcessOneFrameForFrame() throws Exception {
        Session lsl = session(true, null);
        Session direct = session(false, null);
        List<String> a = relative(lsl.monitor().outcomes()), b = relative(direct.monitor().outcomes());
        assertTrue(a.size() > 5, "trials: " + a.size());
        assertEquals(b, a, "each run starts its clock anew; everything relative to it is identical");
        assertEquals(3600, lsl.monitor().frames());
        assertEquals(0, lsl.monitor().lostSamples());
        StreamDescription d = lsl.description();
        assertEquals(50, d.pairCount(), "soma/dendrite pairs from the stream's desc");
        assertEquals(50, d.pairDendrites()[0], "neuron 0's dendrite is channel 50");
        assertTrue(d.info().desc().child("ground_truth") != null, "ground truth travels in the metadata");
    }

    /**
     * Outcomes with start times relative to the first trial's (each run has its own t0, so a time to target, a
     * difference of two absolute timestamps, differs in its last bits).
     */
    static List<String> relative(List<TrialOutcome> outcomes) {
        double t0 = outcomes.getFirst().startTimestamp();
        return outcomes.stream().map(o -> o.trial() + " " + o.kind() + " " + Math.round((o.startTimestamp() - t0) * 30)
                + " " + String.format(java.util.Locale.ROOT, "%.9f", o.timeToTarget()) + " " + o.rewarded()).toList();
    }

    @Test
    void apicalsDecoderAndEventStreamsReachAnLslConsumer() throws Exception {
        LslPublisher publisher = new LslPublisher("test-" + ProcessHandle.current().pid(), 30, MACHINE);
        try {
            StreamInfo found = Resolver.find(MACHINE, "ApicalEvents", "Markers",
                    publisher.eventsInfo().sourceId(), 5);
            assertTrue(found != null, "the events outlet is discoverable on loopback");
            StreamInlet events = new StreamInlet(found, InletOptions.defaults().withConfig(MACHINE));
            StreamInlet decoder = new StreamInlet(Resolver.find(MACHINE, "ApicalDecoder", "Decoder",
                    publisher.decoderInfo().sourceId(), 5), InletOptions.defaults().withConfig(MACHINE));
            // both feeds connected before the first sample is pushed
            org.apical.Conditions.await("both inlets connected to the publisher", () -> publisher.consumers() >= 1);
            Session s = session(false, publisher);
            String[] marker = new String[1];
            assertTrue(events.pullSample(marker, 2) > 0);
            assertEquals("session_start", marker[0]);
            double[] row = new double[LslPublisher.CHANNELS.length];
            int frames = 0;
            while (decoder.pullSample(row, 0.5) > 0) frames++;
            assertEquals(s.monitor().frames(), frames, "one decoder sample per frame");
            events.close();
            decoder.close();
        } finally {
            publisher.close();
        }
    }
}
