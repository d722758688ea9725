package org.apical.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.EventHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apical.Conditions;
import org.apical.config.Definitions;
import org.apical.reward.RewardOutput;
import org.apical.reward.RewardRequest;
import org.apical.sim.Pacer;
import org.apical.sim.SimulatedRig;
import org.apical.core.TaskEvent;
import org.apical.task.TrialOutcome;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apical.core.Frame;
import org.apical.core.Stage;
import org.apical.core.FrameSource;
import org.apical.core.StreamDescription;
import org.apical.recording.SessionRecorder;
import org.apical.pipeline.SessionListener;

/**
 * The loop under faults: a side consumer that blocks or falls behind, a stage that throws, frames too old to reward.
 * Sessions run on the simulated rig, unpaced, so the same seed gives the same decisions and a faulty run can be held
 * against a healthy one frame for frame.
 */
class SessionFaultsTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    static final double RATE = 30;

    /** Remembers every reward request (frame numbers) and every CLOSE. */
    static final class Valve implements RewardOutput {
        final List<Long> frames = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger closes = new AtomicInteger();

        @Override public String name() { return "test-valve"; }
        @Override public void deliver(RewardRequest r) { frames.add(r.frame()); }
        @Override public void closeValve() { closes.incrementAndGet(); }
        @Override public long delivered() { return frames.size(); }
    }

    static Definitions defs() throws Exception {
        return Definitions.load(ROOT.resolve("rigs/sim.yaml"), ROOT.resolve("decoders/default.yaml"),
                ROOT.resolve("stimuli/grating.yaml"));
    }

    static SimulatedRig rig(Definitions defs, long seed, long frames) {
        return new SimulatedRig(defs.rig().sim().withSeed(seed), false, new Pacer(Double.POSITIVE_INFINITY), frames, 500.0);
    }

    /** A healthy live session: what every faulty one is compared with. */
    static Session healthy(long seed, long frames, Valve valve) throws Exception {
        Definitions d = defs();
        SimulatedRig rig = rig(d, seed, frames);
        Session s = new Session(d, rig, List.of(valve, rig.rewardOutput()), null);
        rig.followDecisions(s::decidedSequence);
        s.run();
        return s;
    }

    @Test
    void aSideConsumerThatBlocksForeverNeitherStopsNorChangesTheDecisions() throws Exception {
        Valve reference = new Valve();
        Session ok = healthy(3, 9_000, reference);

        Definitions d = defs();
        SimulatedRig rig = rig(d, 3, 9_000);
        Valve valve = new Valve();
        Session s = new Session(d, rig, List.of(valve, rig.rewardOutput()), null);
        rig.followDecisions(s::decidedSequence);
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        s.addSideConsumer(new Blocking(never, seen));
        s.setDrainMillis(200);
        try {
            // before the fix the source waited for this consumer a ring (1,024 frames) in, and the session hung
            assertTimeoutPreemptively(java.time.Duration.ofSeconds(120), () -> s.run());
        } finally {
            never.countDown();
        }
        assertEquals(1, seen.get(), "the consumer took one frame and blocked on it");
        assertEquals(9_000, s.monitor().frames(), "every frame was decided");
        assertEquals(ok.monitor().outcomes(), s.monitor().outcomes(), "the same trials, frame for frame");
        assertEquals(reference.frames, valve.frames, "the same rewards on the same frames");
        assertTrue(valve.frames.size() > 3, "rewards: " + valve.frames.size());
        assertEquals(List.of("Blocking"), s.lateConsumers(), "the stuck consumer is named");
    }

    /** Takes one frame, then waits forever. */
    static final class Blocking implements EventHandler<Frame> {
        final CountDownLatch latch;
        final AtomicInteger seen;

        Blocking(CountDownLatch latch, AtomicInteger seen) {
            this.latch = latch;
            this.seen = seen;
        }

        @Override public void onEvent(Frame f, long sequence, boolean endOfBatch) throws InterruptedException {
            seen.incrementAndGet();
            latch.await();
        }
    }

    @Test
    void aStageThatThrowsStopsRewardingAtOnce() throws Exception {
        Valve reference = new Valve();
        healthy(4, 9_000, reference);
        long hit = reference.frames.getFirst();
        long failAt = hit - 3; // the healthy session's first reward comes three frames after the failure

        Definitions d = defs();
        SimulatedRig rig = rig(d, 4, 9_000);
        Valve valve = new Valve();
        Stage failing = f -> {
            if (f.sequence == failAt) throw new IllegalStateException("stage failed on frame " + failAt);
        };
        Session s = new Session(d, rig, List.of(valve, rig.rewardOutput()), null, failing);
        rig.followDecisions(s::decidedSequence);
        IllegalStateException e = assertThrows(IllegalStateException.class, s::run);
        assertTrue(e.getMessage().contains("stage failed on frame " + failAt), e.getMessage());
        assertTrue(valve.frames.stream().allMatch(f -> f < failAt), "no reward after the failure: " + valve.frames);
        assertTrue(valve.closes.get() > 0, "the valve was closed");
        assertTrue(s.monitor().frames() <= failAt, "nothing was decided after the failing frame: "
                + s.monitor().frames());
    }

    @Test
    void aRecorderThatFallsARingBehindIsToldAndTheFileSaysSo(@TempDir Path dir) throws Exception {
        Definitions d = defs();
        long frames = 6_000;
        SimulatedRig rig = rig(d, 5, frames);
        Session s = new Session(d, rig, List.of(new Valve(), rig.rewardOutput()), null);
        rig.followDecisions(s::decidedSequence);
        Path file = dir.resolve("lapped.xdf");
        SessionRecorder recorder = new SessionRecorder(file, d, s.description(), "test", false);
        int ring = d.rig().pipeline().ringSize();
        // the recorder's thread stalls at frame 100 until the decisions are three rings further on
        s.addSideConsumer(new Stalling(recorder, 100, () -> s.decidedSequence() > 100 + 3L * ring));
        s.run();
        recorder.close();

        assertEquals(frames, s.monitor().frames(), "the decisions never waited for the recorder");
        assertTrue(recorder.framesSkipped() > ring, "skipped " + recorder.framesSkipped());
        assertFalse(recorder.lossless());
        assertTrue(recorder.status().contains("frames NOT RECORDED"), recorder.status());

        XdfFile x = XdfReader.read(file);
        XdfStream events = x.streams().stream().filter(t -> t.name().equals(SessionRecorder.EVENTS)).findFirst().orElseThrow();
        XdfStream input = x.streams().stream().filter(t -> t.name().equals("ApicalSim")).findFirst().orElseThrow();
        // on a busy machine the file's writer can also fall behind and drop samples of its own (counted, and marked in
        // the apical-recorder stream, not as recording_gap)
        long writerDropped = recorder.stats().droppedSamples();
        long marked = 0;
        for (int i = 0; i < events.samples(); i++) {
            String m = events.string(i, 0);
            if (!m.startsWith("recording_gap")) continue;
            long n = Long.parseLong(m.replaceAll(".*frames=(\\d+).*", "$1"));
            marked += n;
            // the input stream jumps by the frames said to be missing (exactly, unless the writer dropped some too)
            double after = events.rawTimestamps()[i];
            int k = indexOf(input.rawTimestamps(), after);
            assertTrue(k > 0, "the frame after the gap was recorded");
            long jump = Math.round((after - input.rawTimestamps()[k - 1]) * RATE);
            assertTrue(jump >= n + 1 && jump <= n + 1 + writerDropped,
                    "gap of " + n + " frames: the input jumps " + jump + " (writer dropped " + writerDropped + ")");
        }
        assertEquals(recorder.framesSkipped(), marked, "every skipped frame is marked in the file");
        long missing = frames - input.samples() - recorder.framesSkipped();
        assertTrue(missing >= 0 && missing <= writerDropped, "frames missing from the file beyond the marked gaps: "
                + missing + " (writer dropped " + writerDropped + ")");
    }

    static int indexOf(double[] values, double v) {
        for (int i = 0; i < values.length; i++) if (values[i] == v) return i;
        return -1;
    }

    /** Passes frames to a recorder, but stops at one frame until a condition holds (a stalled disk thread). */
    static final class Stalling implements EventHandler<Frame> {
        final SessionRecorder inner;
        final long at;
        final java.util.function.BooleanSupplier until;

        Stalling(SessionRecorder inner, long at, java.util.function.BooleanSupplier until) {
            this.inner = inner;
            this.at = at;
            this.until = until;
        }

        @Override public void onEvent(Frame f, long sequence, boolean endOfBatch) {
            if (f.sequence == at) Conditions.await("the decisions three rings ahead", until);
            inner.onEvent(f, sequence, endOfBatch);
        }
    }

    /** The simulated rig, with the age a frame had at decision given per frame (as a replay gives it). */
    static final class AgedSource implements FrameSource {
        final SimulatedRig rig;
        final long staleFrom, staleTo;

        AgedSource(SimulatedRig rig, long staleFrom, long staleTo) {
            this.rig = rig;
            this.staleFrom = staleFrom;
            this.staleTo = staleTo;
        }

        @Override public StreamDescription description() { return rig.description(); }

        @Override public boolean next(Frame f) throws InterruptedException {
            boolean more = rig.next(f);
            f.age = f.sequence >= staleFrom && f.sequence < staleTo ? 2.0 : 0.004;
            return more;
        }
    }

    @Test
    void framesOlderThanTheBoundEarnNothingAndEndTheTrial() throws Exception {
        Valve reference = new Valve();
        Session ok = healthy(6, 9_000, reference);
        // stale from three frames before the healthy session's first reward, for two seconds of frames
        long from = reference.frames.getFirst() - 3, to = from + 60;

        Definitions d = defs();
        SimulatedRig rig = rig(d, 6, 9_000);
        Valve valve = new Valve();
        List<TaskEvent> events = Collections.synchronizedList(new ArrayList<>());
        Session s = new Session(d, new AgedSource(rig, from, to), List.of(valve, rig.rewardOutput()),
                new SessionListener() {
                    @Override public void onEvent(TaskEvent e) { events.add(e); }
                });
        rig.followDecisions(s::decidedSequence);
        s.run();

        assertEquals(60, s.monitor().staleFrames());
        assertTrue(valve.frames.stream().noneMatch(f -> f >= from && f < to), "no reward on a stale frame: " + valve.frames);
        assertFalse(valve.frames.contains(reference.frames.getFirst()), "the healthy session's reward is not given");
        assertTrue(events.stream().noneMatch(e -> e instanceof TaskEvent.Hit && e.frame() >= from && e.frame() < to),
                "no hit on a stale frame");
        assertTrue(events.stream().noneMatch(e -> e instanceof TaskEvent.TrialStarted && e.frame() >= from
                && e.frame() < to), "no trial starts while frames are stale");
        TaskEvent.StaleInput stale = events.stream().filter(e -> e instanceof TaskEvent.StaleInput)
                .map(e -> (TaskEvent.StaleInput) e).findFirst().orElseThrow();
        assertEquals(from, stale.frame(), "the trial in progress ended on the first stale frame");
        assertEquals(2.0, stale.age());
        assertEquals(1, s.monitor().staleTrials());
        TrialOutcome ended = s.monitor().outcomes().get(stale.trial() - 1);
        assertEquals(TrialOutcome.Kind.STALE_INPUT, ended.kind());
        assertFalse(ended.rewarded());
        SessionSummary summary = SessionSummary.of(s);
        assertEquals(60, summary.staleFrames());
        assertTrue(s.monitor().outcomes().size() >= ok.monitor().outcomes().size() - 1, "trials go on afterwards");
        assertTrue(valve.frames.stream().anyMatch(f -> f >= to), "rewards resume with fresh frames");
    }

    @Test
    void theAgeIsMeasuredOnThisMachinesClockWhenTheTimestampsAreOnIt() throws Exception {
        Definitions d = defs();
        // a stream stamped on this clock, but 1,000 s ago (a backlog): every frame is far too old
        SimulatedRig rig = new SimulatedRig(d.rig().sim().withSeed(8), false, new Pacer(Double.POSITIVE_INFINITY), 3_000,
                System.nanoTime() / 1e9 - 1_000);
        FrameSource onThisClock = new FrameSource() {
            @Override public StreamDescription description() { return rig.description(); }
            @Override public boolean next(Frame f) throws InterruptedException { return rig.next(f); }
            @Override public boolean timestampsOnThisClock() { return true; }
        };
        Valve valve = new Valve();
        Session s = new Session(d, onThisClock, List.of(valve), null);
        rig.followDecisions(s::decidedSequence);
        s.run();
        assertEquals(3_000, s.monitor().staleFrames(), "every frame was stale");
        assertEquals(List.of(), s.monitor().outcomes(), "no trial starts on stale frames");
        assertEquals(List.of(), valve.frames);
        double p50 = s.monitor().endToEndLatency().quantile(0.5) / 1e9;

        // offline (no animal waiting, frames faster than real time) the age is not measured: nothing is stale
        SimulatedRig again = new SimulatedRig(d.rig().sim().withSeed(8), false, new Pacer(Double.POSITIVE_INFINITY),
                3_000, System.nanoTime() / 1e9 - 1_000);
        Session offline = new Session(d, new FrameSource() {
            @Override public StreamDescription description() { return again.description(); }
            @Override public boolean next(Frame f) throws InterruptedException { return again.next(f); }
            @Override public boolean timestampsOnThisClock() { return true; }
        }, List.of(new Valve()), null);
        offline.setOffline(true);
        again.followDecisions(offline::decidedSequence);
        offline.run();
        assertEquals(0, offline.monitor().staleFrames());
        assertEquals(0, offline.monitor().endToEndLatency().count());
        // the stamps run 100 s of stream in far less wall time: the median frame is about 1,000 − 50 s old
        assertTrue(p50 > 900 && p50 < 1_001, "source timestamp → decision measured: " + p50 + " s");
    }

    @Test
    void aReplayDecidesStaleFramesAsTheLiveSessionDid(@TempDir Path dir) throws Exception {
        Definitions d = defs();
        SimulatedRig rig = rig(d, 7, 6_000);
        Session live = new Session(d, new AgedSource(rig, 1_200, 1_300), List.of(new Valve(), rig.rewardOutput()), null);
        live.setOffline(true);
        rig.followDecisions(live::decidedSequence);
        Path file = dir.resolve("stale.xdf");
        SessionRecorder recorder = new SessionRecorder(file, d, live.description(), "test", true);
        live.addSideConsumer(recorder);
        live.run();
        recorder.close();
        assertEquals(100, live.monitor().staleFrames());

        org.apical.replay.RecordedSession rec = org.apical.replay.RecordedSession.read(file);
        org.apical.replay.XdfFrameSource source = new org.apical.replay.XdfFrameSource(rec.input(), live.description(),
                new Pacer(Double.POSITIVE_INFINITY), rec.decoder());
        Session replay = new Session(rec.definitions(), source, List.of(new Valve()), null);
        replay.setOffline(true);
        org.apical.replay.ReplayComparison comparison = new org.apical.replay.ReplayComparison(rec.decoder());
        replay.addSideConsumer(comparison);
        replay.run();
        assertEquals(100, replay.monitor().staleFrames(), "the recorded ages make the same frames stale");
        assertEquals(Boolean.TRUE, comparison.anglesIdentical());
        assertEquals(Boolean.TRUE, comparison.rewardsIdentical());
        assertEquals(live.monitor().outcomes(), replay.monitor().outcomes());
    }

    @Test
    void aFrameKeepsEveryEventItIsGiven() {
        Frame f = new Frame(2);
        f.clear();
        for (int i = 0; i < 3 * Frame.EVENTS; i++) f.addEvent(new TaskEvent.RewardGiven(i, 0, 1, 4, false));
        assertEquals(3 * Frame.EVENTS, f.eventCount);
        assertEquals(3 * Frame.EVENTS - 1, f.lastEvent().frame(), "the last one too");
        Frame copy = new Frame(2);
        copy.clear();
        copy.copyFrom(f);
        assertEquals(3 * Frame.EVENTS, copy.eventCount);
        for (int i = 0; i < copy.eventCount; i++) assertEquals(i, copy.events[i].frame());
        f.clear();
        assertEquals(0, f.eventCount);
        assertEquals(null, f.lastEvent());
    }
}
