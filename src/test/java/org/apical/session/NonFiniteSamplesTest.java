package org.apical.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apical.config.Definitions;
import org.apical.core.Frame;
import org.apical.core.FrameSource;
import org.apical.core.StreamDescription;
import org.apical.sim.SimulatedRig;
import org.junit.jupiter.api.Test;

/** NaN and infinite input samples: counted, said, and never a number in a decision. */
class NonFiniteSamplesTest {

    /** The simulated rig with {@code value} in every P+ channel of frames [from, to). */
    static final class Damaged implements FrameSource {
        final SimulatedRig rig;
        final int[] channels;
        final long from, to;
        final double value;

        Damaged(SimulatedRig rig, int[] channels, long from, long to, double value) {
            this.rig = rig;
            this.channels = channels;
            this.from = from;
            this.to = to;
            this.value = value;
        }

        @Override public StreamDescription description() { return rig.description(); }

        @Override public boolean next(Frame f) throws InterruptedException {
            boolean more = rig.next(f);
            if (f.sequence >= from && f.sequence < to) for (int c : channels) f.raw[c] = value;
            return more;
        }
    }

    static Session run(double value, SessionFaultsTest.Valve valve) throws Exception {
        Definitions d = SessionFaultsTest.defs();
        SimulatedRig rig = SessionFaultsTest.rig(d, 4, 9_000);
        int[] plus = d.decoder().plus();
        Session s = new Session(d, new Damaged(rig, plus, 4_000, 4_300, value), List.of(valve, rig.rewardOutput()),
                null);
        rig.followDecisions(s::decidedSequence);
        s.run();
        return s;
    }

    @Test
    void infiniteSamplesAreCountedAndTreatedAsMissingLikeNaN() throws Exception {
        SessionFaultsTest.Valve withNaN = new SessionFaultsTest.Valve();
        Session nan = run(Double.NaN, withNaN);
        int plus = SessionFaultsTest.defs().decoder().plus().length;
        assertEquals(300L * plus, nan.monitor().nonFiniteSamples());
        assertEquals(300L, nan.monitor().nonFiniteFrames());
        for (double bad : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            SessionFaultsTest.Valve valve = new SessionFaultsTest.Valve();
            Session inf = run(bad, valve);
            assertEquals(300L * plus, inf.monitor().nonFiniteSamples(), "counted: " + bad);
            assertEquals(nan.monitor().outcomes(), inf.monitor().outcomes(), "the same trials as with NaN: " + bad);
            assertEquals(withNaN.frames, valve.frames, "the same rewards as with NaN: " + bad);
        }
        SessionSummary summary = SessionSummary.of(nan);
        assertEquals(300L * plus, summary.nonFiniteSamples());
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        summary.print(new PrintStream(text, true, StandardCharsets.UTF_8));
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains(300L * plus + " NaN or infinite samples") && printed.contains("left out"), printed);
        assertTrue(nan.view().health().contains("NaN or infinite"), nan.view().health());
    }
}
