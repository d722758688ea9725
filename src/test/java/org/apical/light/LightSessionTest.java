package org.apical.light;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apical.TestDefinitions;
import org.apical.config.ConfigException;
import org.apical.config.Definitions;
import org.apical.config.LightSection;
import org.apical.core.Frame;
import org.apical.core.TaskEvent;
import org.apical.reward.LightOutput;
import org.apical.reward.RewardGate;
import org.apical.reward.RewardOutput;
import org.apical.reward.RewardRequest;
import org.apical.session.Session;
import org.apical.sim.Pacer;
import org.apical.sim.SimulatedRig;
import org.junit.jupiter.api.Test;

/**
 * Each light mode in a simulated session (unpaced, decided on the test's thread): exactly its pulses, on exactly
 * the frames its schedule and the task say, and the hit's water where it belongs; and the bounds that refuse a pulse.
 */
class LightSessionTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));

    static Definitions defs(String light) throws Exception {
        String rig = Files.readString(ROOT.resolve("rigs/sim.yaml")) + "\nlight:\n" + light;
        return TestDefinitions.definitions(rig, Files.readString(ROOT.resolve("decoders/default.yaml")),
                Files.readString(ROOT.resolve("stimuli/grating.yaml")));
    }

    /** Remembers the timestamp of every pulse. */
    static final class Led implements LightOutput {
        final List<Double> pulses = Collections.synchronizedList(new ArrayList<>());
        int off;

        @Override public String name() { return "test light"; }
        @Override public boolean pulse(int ms, double timestamp) {
            assertEquals(6, ms);
            pulses.add(timestamp);
            return true;
        }
        @Override public void lightsOff() { off++; }
        @Override public long pulsesDelivered() { return pulses.size(); }
        @Override public long pulsesRefused() { return 0; }
    }

    /** Remembers the frame of every reward that went to the water. */
    static final class Valve implements RewardOutput {
        final List<Long> frames = new ArrayList<>();
        @Override public String name() { return "test valve"; }
        @Override public void deliver(RewardRequest r) { frames.add(r.frame()); }
        @Override public void closeValve() {}
        @Override public long delivered() { return frames.size(); }
    }

    /** What a test needs of each decided frame. */
    record Seen(long frame, double timestamp, int trial, boolean lightOn, int lightMs, int cause, boolean reward,
                double rewardVolume) {}

    record Run(List<Seen> frames, Led led, Valve valve, Session session) {
        List<Double> expectedPulseTimes(java.util.function.Predicate<Seen> pulses) {
            return frames.stream().filter(pulses).map(Seen::timestamp).toList();
        }
    }

    static Run run(String light, long frames) throws Exception {
        Definitions d = defs(light);
        SimulatedRig rig = new SimulatedRig(d.rig().sim().withSeed(2), false, new Pacer(Double.POSITIVE_INFINITY),
                frames, 500.0);
        Valve valve = new Valve();
        Led led = new Led();
        Session s = new Session(d, rig, List.of(valve, rig.rewardOutput()), null);
        s.setLight(led);
        rig.followDecisions(s::decidedSequence);
        List<Seen> seen = new ArrayList<>();
        int[] trial = {0};
        s.runHere(f -> {
            double volume = Double.NaN;
            for (int i = 0; i < f.eventCount; i++) {
                if (f.events[i] instanceof TaskEvent.TrialStarted t) trial[0] = t.trial();
                if (f.events[i] instanceof TaskEvent.RewardGiven g) volume = g.volumeUl();
            }
            seen.add(new Seen(f.sequence, f.timestamp, trial[0], f.lightOn, f.lightMs, f.lightCause, f.rewardRequested,
                    volume));
        });
        assertTrue(led.off > 0, "the lights were switched off at the end");
        return new Run(seen, led, valve, s);
    }

    /** The schedule's answer for the trial a frame belongs to (the baseline takes the first trial's). */
    static boolean scheduled(LightSection cfg, Seen f) { return cfg.on(Math.max(1, f.trial())); }

    @Test void everyFramePulsesOnEachFrameOfTheLightOnTrialsAndNoOther() throws Exception {
        Run r = run("  mode: every_frame\n  schedule: alternate_trials\n  first_trial_light: false\n", 2_400);
        LightSection cfg = r.session().light().config();
        long trials = r.frames().stream().mapToInt(Seen::trial).max().orElse(0);
        assertTrue(trials >= 4, "trials: " + trials);
        for (Seen f : r.frames()) {
            boolean on = scheduled(cfg, f);
            assertEquals(on, f.lightOn(), "condition of frame " + f.frame() + " (trial " + f.trial() + ")");
            assertEquals(on ? 6 : 0, f.lightMs(), "pulse on frame " + f.frame());
            assertEquals(on ? Frame.LIGHT_FRAME : Frame.LIGHT_NONE, f.cause());
        }
        assertFalse(scheduled(cfg, r.frames().getFirst()), "the baseline is light-off (first_trial_light: false)");
        assertEquals(r.expectedPulseTimes(f -> f.trial() % 2 == 0 && f.trial() > 0), r.led().pulses,
                "a pulse at every frame of trials 2, 4, ... and of nothing else");
        assertEquals(r.valve().frames.size(), r.frames().stream().filter(Seen::reward).count(),
                "every_frame leaves the water alone");
        LightPlan.Report rep = r.session().light().report();
        assertEquals(r.led().pulses.size(), rep.pulses());
        assertEquals(0, rep.refusedByBounds(), "6 ms at 30 Hz is 18 %, within max_duty 25 %");
    }

    @Test void atHitGivesLightInsteadOfWaterOnLightOnTrials() throws Exception {
        Run r = run("  mode: at_hit\n  schedule: blocks\n  block_trials: 2\n", 4_500);
        LightSection cfg = r.session().light().config();
        List<Seen> rewarded = r.frames().stream().filter(Seen::reward).toList();
        assertTrue(rewarded.stream().anyMatch(f -> scheduled(cfg, f)) && rewarded.stream().anyMatch(f -> !scheduled(cfg, f)),
                "hits in both conditions: " + rewarded.stream().map(Seen::trial).toList());
        assertEquals(r.expectedPulseTimes(f -> f.reward() && scheduled(cfg, f)), r.led().pulses,
                "one pulse per rewarded light-on trial, on its reward frame");
        assertEquals(rewarded.stream().filter(f -> !scheduled(cfg, f)).map(Seen::frame).toList(), r.valve().frames,
                "water only on light-off trials");
        for (Seen f : rewarded) {
            assertEquals(scheduled(cfg, f) ? 0.0 : 4.0, f.rewardVolume(), "the recorded reward's water, trial " + f.trial());
        }
        assertEquals(rewarded.stream().filter(f -> scheduled(cfg, f)).count(), r.session().light().report().reinforcements());
    }

    @Test void atHitWithRewardGivesBoth() throws Exception {
        Run r = run("  mode: at_hit_with_reward\n  schedule: session\n", 3_000);
        List<Seen> rewarded = r.frames().stream().filter(Seen::reward).toList();
        assertTrue(rewarded.size() >= 2, "hits: " + rewarded.size());
        assertEquals(r.expectedPulseTimes(Seen::reward), r.led().pulses, "a pulse with every reward");
        assertEquals(rewarded.stream().map(Seen::frame).toList(), r.valve().frames, "and the water too");
        assertEquals(rewarded.size(), r.frames().stream().filter(f -> f.lightMs() > 0).count(),
                "no pulse on any other frame");
    }

    @Test void aProtocolThatWouldBreakItsOwnBoundsIsRefusedBeforeTheSession() throws Exception {
        ConfigException tooLong = assertThrows(ConfigException.class,
                () -> defs("  mode: every_frame\n  pulse_ms: 30\n  max_pulse_ms: 20\n"));
        assertTrue(tooLong.getMessage().contains("light.pulse_ms: 30 ms is longer than max_pulse_ms 20 ms"),
                tooLong.getMessage());
        Definitions tooOften = defs("  mode: every_frame\n  pulse_ms: 6\n  max_duty: 0.1\n");
        SimulatedRig rig = new SimulatedRig(tooOften.rig().sim(), false, new Pacer(Double.POSITIVE_INFINITY), 10, 0);
        ConfigException duty = assertThrows(ConfigException.class, () -> new Session(tooOften, rig, List.of(), null));
        assertTrue(duty.getMessage().contains("light.pulse_ms: 6 ms at every frame of a 30 Hz stream is 18 % of the"
                + " time, above light.max_duty 10 %"), duty.getMessage());
        assertEquals(LightSection.Mode.OFF, defs("  mode: off\n").rig().light().mode(), "YAML reads off as false");
        ConfigException typo = assertThrows(ConfigException.class, () -> defs("  mode: every_fram\n"));
        assertTrue(typo.getMessage().contains("light.mode: must be one of off, every_frame, at_hit,"
                + " at_hit_with_reward, found 'every_fram'"), typo.getMessage());
        ConfigException noController = assertThrows(ConfigException.class, () -> defs("  mode: at_hit\n  output: controller\n"));
        assertTrue(noController.getMessage().contains("light.output: controller needs a serial reward output"),
                noController.getMessage());
    }

    @Test void aPulseTooSoonAfterTheLastOneOrWhileRewardingIsStoppedIsRefused() throws Exception {
        LightSection cfg = defs("  mode: every_frame\n  pulse_ms: 6\n  max_duty: 0.25\n").rig().light();
        RewardGate gate = new RewardGate(org.apical.config.Duration.seconds(1), 10);
        LightPlan plan = new LightPlan(cfg, 30, gate, "test-rig.yaml");
        Led led = new Led();
        plan.setOutput(led);
        Frame f = new Frame(1);
        double[] times = {10.0, 10.010, 10.023, 10.024, 10.060};   // 24 ms apart at least: 6 ms / 0.25
        int[] expected = {Frame.LIGHT_FRAME, Frame.LIGHT_REFUSED, Frame.LIGHT_REFUSED, Frame.LIGHT_FRAME,
                Frame.LIGHT_FRAME};
        for (int i = 0; i < times.length; i++) {
            f.clear();
            f.timestamp = times[i];
            plan.onFrame(f);
            assertEquals(expected[i], f.lightCause, "frame at " + times[i]);
        }
        assertEquals(List.of(10.0, 10.024, 10.060), led.pulses);
        assertEquals(2, plan.report().refusedByBounds());
        gate.suspend(); // the watchdog: a stalled pipeline or an unhealthy output
        f.clear();
        f.timestamp = 11;
        plan.onFrame(f);
        assertEquals(0, f.lightMs, "no light while rewarding is stopped");
        assertEquals(1, plan.report().withheld());
        assertEquals(3, led.pulses.size());
    }
}
