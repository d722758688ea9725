package org.apical.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apical.config.Definitions;
import org.apical.reward.RewardOutput;
import org.apical.reward.RewardRequest;
import org.apical.reward.RewardWatchdog;
import org.junit.jupiter.api.Test;
import org.apical.core.Frame;
import org.apical.core.FrameSource;
import org.apical.core.StreamDescription;
import org.apical.session.Session;

/** A source that goes silent mid-session: the watchdog must close the valve while nothing is decided. */
class StalledPipelineTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));

    /** Counts what the session asks of the valve, and when. */
    static final class Valve implements RewardOutput {
        final AtomicLong closes = new AtomicLong();
        volatile long firstCloseNanos;

        @Override public String name() { return "test-valve"; }
        @Override public void deliver(RewardRequest request) {}
        @Override public void closeValve() {
            // the time first, then the count the stalled source waits on: it must not read the time before it is set
            if (closes.get() == 0 && firstCloseNanos == 0) firstCloseNanos = System.nanoTime();
            closes.incrementAndGet();
        }
        @Override public long delivered() { return 0; }
    }

    /** 30 Hz frames; after frame 60 the stream goes silent until the valve has been closed, then resumes. */
    static final class StallingSource implements FrameSource {
        final SyntheticSource inner = new SyntheticSource(20, 30, 150, true, 3);
        final Valve valve;
        volatile long stallStart, stallEnd;
        long n;

        StallingSource(Valve valve) { this.valve = valve; }

        @Override public StreamDescription description() { return inner.description(); }

        @Override public boolean next(Frame f) throws InterruptedException {
            if (n++ == 60) {
                stallStart = System.nanoTime();
                org.apical.Conditions.await("the watchdog closing the valve", () -> valve.closes.get() > 0);
                stallEnd = System.nanoTime();
            }
            return inner.next(f);
        }
    }

    @Test
    void aStallLongerThanTheTimeoutClosesTheValveWhileItLasts() throws Exception {
        String rig = Files.readString(ROOT.resolve("rigs/sim.yaml")).replace("stall_timeout: 1 s", "stall_timeout: 300 ms");
        Definitions defs = Definitions.parse(rig, "rigs/sim.yaml", Files.readString(ROOT.resolve("decoders/default.yaml")),
                "decoders/default.yaml", Files.readString(ROOT.resolve("stimuli/grating.yaml")), "stimuli/grating.yaml");
        Valve valve = new Valve();
        StallingSource source = new StallingSource(valve);
        Session session = new Session(defs, source, List.of(valve), null);
        session.run();

        RewardWatchdog w = session.watchdog();
        assertEquals(1, w.trips(), "one stall, one trip: " + w.lastTrip());
        assertTrue(valve.firstCloseNanos > source.stallStart + 300_000_000L - 50_000_000L,
                "not before the timeout ran out");
        assertTrue(valve.firstCloseNanos <= source.stallEnd, "closed while the pipeline was still stalled");
        assertEquals(RewardWatchdog.Trip.NONE, w.tripped(), "rewarding resumed with the frames");
        assertEquals(150, session.monitor().frames());
    }
}
