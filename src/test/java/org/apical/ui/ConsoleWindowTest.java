package org.apical.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import org.apical.config.Duration;
import org.apical.core.Frame;
import org.apical.pipeline.LiveView;
import org.apical.pipeline.SessionControl;
import org.apical.reward.RewardGate;
import org.apical.stimulus.FxTestSupport;
import org.apical.stimulus.FxToolkit;
import org.apical.core.Display;
import org.apical.core.TaskState;
import org.apical.task.TrialOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console on JavaFX's Monocle headless platform: values pushed into a LiveView appear; buttons reach the session. */
class ConsoleWindowTest {
    /** A session's control as the task stage would apply it: manual rewards through a real {@link RewardGate}. */
    static final class GateControl implements SessionControl {
        final RewardGate gate = new RewardGate(Duration.seconds(2), 100);
        volatile double clock = 10;
        volatile long frame = 300;
        volatile int trial;
        int approved;
        final List<RewardGate.Refusal> refusals = new ArrayList<>();
        volatile boolean paused, stopped;

        @Override public synchronized void requestManualReward() {
            if (gate.approve(trial, true, frame, clock)) approved++; else refusals.add(gate.lastRefusal());
        }
        @Override public void pause() { paused = true; }
        @Override public void resume() { paused = false; }
        @Override public boolean paused() { return paused; }
        @Override public void stop() { stopped = true; }
    }

    private final LiveView view = new LiveView();
    private final Frame frame = new Frame(0);
    private final GateControl control = new GateControl();
    private ConsoleWindow console;

    @BeforeAll static void fx() { FxTestSupport.startToolkit(); }

    @BeforeEach void open() {
        view.setTarget(90, 7.5);
        console = Console.open(view, control, ConsoleOptions.defaults().withTitle("test rig").withTrialSeconds(29)
                .withRewardGate(control.gate));
    }

    @AfterEach void close() { console.close(); }

    private String text(String id) {
        return FxToolkit.call(() -> ((Labeled) console.stage().getScene().lookup("#" + id)).getText());
    }

    private void awaitText(String id, String expected) throws InterruptedException {
        FxTestSupport.await(() -> text(id).equals(expected), 3000, "#" + id + " = '" + expected + "' (is '" + text(id) + "')");
    }

    private void press(String id) {
        FxToolkit.call(() -> {
            ((Button) console.stage().getScene().lookup("#" + id)).fire();
            return null;
        });
    }

    @Test
    void showsTheLightStateAndTheLickRate() throws Exception {
        awaitText("behaviour", "light: off · licks: not reported");
        var cfg = new org.apical.config.LightSection(org.apical.config.LightSection.Mode.EVERY_FRAME, 6, 20, 0.25,
                org.apical.config.LightSection.Schedule.ALTERNATE_TRIALS, 10, true, "simulated", null, 0);
        var plan = new org.apical.light.LightPlan(cfg, 30, control.gate, "test-rig.yaml");
        plan.setOutput(new org.apical.reward.SimulatedLightOutput());
        var licks = new org.apical.reward.LickLog();
        for (double t : new double[] {9.0, 9.1, 9.2, 9.3}) licks.lick(t);
        var book = new org.apical.light.LickBook(licks, 30, plan);
        book.reportTo(view::setBehaviour);
        Frame f = new Frame(0);
        f.clear();
        f.timestamp = 10;
        f.state = TaskState.TRIAL;
        f.addEvent(new org.apical.core.TaskEvent.TrialStarted(300, 10, 3));
        plan.onFrame(f);
        book.onEvent(f, 300, true);
        awaitText("behaviour", "light every_frame: ON (trial 3), 1 pulses · licks 0.8/s (4)");
        f.clear();
        f.timestamp = 10.5;
        f.state = TaskState.LEAD;
        f.addEvent(new org.apical.core.TaskEvent.TrialStarted(315, 10.5, 4));
        plan.onFrame(f);
        book.onEvent(f, 315, true);
        awaitText("behaviour", "light every_frame: off (trial 4), 1 pulses · licks 0.8/s (4)");
        assertEquals(4L, book.report().perPhase().get("feedback"), "the licks fell in trial 3's feedback");
    }

    @Test
    void showsTheMotionCorrectionShiftOfRawFrames() throws Exception {
        FxTestSupport.await(() -> text("behaviour").startsWith("light"), 3000, "the console's first refresh");
        assertFalse(FxToolkit.call(() -> console.stage().getScene().lookup("#imaging").isVisible()),
                "no raw-frames line for a session that is not on raw frames");
        // the frame thread's own code: a synthetic field shifted by (1.5, −0.75) px, corrected against its unshifted self
        var g = new org.apical.imaging.FrameGeometry(128, 160, 30);
        var scene = new org.apical.imaging.SyntheticFrames(g, 40, 7);
        var rois = scene.rois(5, 3);
        short[] still = new short[g.pixelCount()];
        scene.render(0, 0, null, still);
        float[] reference = new float[still.length];
        for (int i = 0; i < still.length; i++) reference[i] = still[i] & 0xFFFF;
        var motion = new org.apical.imaging.MotionCorrector(g, new org.apical.imaging.Patch[] {
                org.apical.imaging.Patch.whole(g, 12)}, 12, true);
        var processor = new org.apical.imaging.FrameProcessor(g, rois, motion, reference, 1, true);
        var raw = new org.apical.imaging.RawFrame(g);
        double[] sample = new double[processor.channels()];
        for (int n = 0; n < 2; n++) {
            scene.render(1.5, -0.75, null, raw.pixels);
            raw.number = n;
            processor.process(raw, sample);
        }
        var ended = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            org.apical.imaging.ShiftReporter.start(processor.shifts(), ended::get, null, view::setImaging);
            FxTestSupport.await(() -> text("imaging").startsWith("raw frames: frames 2, shift x "), 3000,
                    "#imaging shows the frames (is '" + text("imaging") + "')");
        } finally {
            ended.set(true);
        }
        String line = text("imaging");
        var m = java.util.regex.Pattern.compile("shift x ([-+][0-9.]+) y ([-+][0-9.]+) px").matcher(line);
        assertTrue(m.find(), line);
        assertEquals(1.5, Double.parseDouble(m.group(1)), 0.1, line);
        assertEquals(-0.75, Double.parseDouble(m.group(2)), 0.1, line);
        assertTrue(FxToolkit.call(() -> console.stage().getScene().lookup("#imaging").isVisible()), line);
    }

    @Test
    void showsTheValuesPushedIntoTheLiveView() throws Exception {
        view.setRecording("writing sessions/m12-day3.xdf (12.3 MB)");
        view.setHealth("ok: ring 3% full");
        FxTestSupport.publish(view, frame, 1234, TaskState.TRIAL, Display.GRATING, 42.5, 11, 0.4, -0.1, 0.3, 10, 4, 4, 9.0);
        awaitText("state", "state TRIAL");
        assertEquals("trial 11", text("trial"));
        assertEquals("time left 20.0 s", text("timeLeft"));
        assertEquals("angle 42.5°", text("angle"));
        assertEquals("target 90.0° ± 7.5°", text("target"));
        assertEquals("hit rate 40%  (4 / 10 trials)", text("hitRate"));
        assertEquals("rewards given 4", text("rewards"));
        assertEquals("recording: writing sessions/m12-day3.xdf (12.3 MB)", text("recording"));
        assertEquals("health: ok: ring 3% full", text("health"));
        assertTrue(text("latency").startsWith("loop latency (arrival → published), last 1 frames: p50 "), text("latency"));

        FxTestSupport.publish(view, frame, 1235, TaskState.HIT, Display.GRATING, 95, 11, 0.9, -0.2, 1.1, 10, 5, 4, 0.0);
        awaitText("angle", "angle 95.0°  (in band)");
    }

    private List<String> outcomeItems() {
        return FxToolkit.call(() -> ((ListView<?>) console.stage().getScene().lookup("#outcomes")).getItems().stream()
                .map(Object::toString).toList());
    }

    @Test
    void listsTheSessionsClosedTrialsNewestFirstAndDrawsEachKind() throws Exception {
        view.closeTrial(new TrialOutcome(1, TrialOutcome.Kind.HIT, 10.0, 2.5, true));
        view.closeTrial(new TrialOutcome(2, TrialOutcome.Kind.TIMEOUT, 42.0, Double.NaN, false));
        view.closeTrial(new TrialOutcome(3, TrialOutcome.Kind.STALE_INPUT, 75.5, Double.NaN, false));
        FxTestSupport.publish(view, frame, 2300, TaskState.ITI, Display.GREY, 0, 3, 0, 0, 0, 3, 1, 1, 77.0);
        FxTestSupport.await(() -> outcomeItems().size() == 3, 3000, "three closed trials listed: " + outcomeItems());
        assertEquals(List.of("trial 3  stale input  t=75.5 s", "trial 2  time-out  t=42.0 s", "trial 1  hit  t=10.0 s"),
                outcomeItems());

        view.closeTrial(new TrialOutcome(4, TrialOutcome.Kind.ABORTED, 80.0, Double.NaN, false));
        FxTestSupport.publish(view, frame, 2301, TaskState.ITI, Display.GREY, 0, 4, 0, 0, 0, 4, 1, 1, 80.1);
        FxTestSupport.await(() -> outcomeItems().size() == 4, 3000, "the fourth trial listed: " + outcomeItems());
        assertEquals("trial 4  aborted  t=80.0 s", outcomeItems().getFirst(), "each closed trial once, newest first");

        int[] squares = FxToolkit.call(() -> {
            WritableImage img = console.stage().getScene().lookup("#raster").snapshot(null, null);
            int w = (int) img.getWidth(), h = (int) img.getHeight();
            int[] px = new int[w * h];
            img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
            int[] c = new int[4];
            for (int p : px) {
                if (close(p, OutcomeRaster.HIT)) c[0]++;
                if (close(p, OutcomeRaster.TIMEOUT)) c[1]++;
                if (close(p, OutcomeRaster.STALE)) c[2]++;
                if (close(p, OutcomeRaster.ABORTED)) c[3]++;
            }
            return c;
        });
        for (int i = 0; i < 4; i++) assertTrue(squares[i] > 0, "a square of each kind: " + java.util.Arrays.toString(squares));
    }

    @Test
    void tracesAreDrawnFromTheLiveViewRings() throws Exception {
        for (int i = 0; i < 300; i++) {
            FxTestSupport.publish(view, frame, i, TaskState.TRIAL, Display.GRATING, 20 + i * 0.2, 1,
                    Math.sin(i / 20.0), Math.cos(i / 25.0), i / 300.0, 0, 0, 0, i / 30.0);
        }
        awaitText("frame", "frame 299  t=10.0 s");
        int[] counts = FxToolkit.call(() -> {
            Node canvas = console.stage().getScene().lookup("#traces");
            WritableImage img = canvas.snapshot(null, null);
            int w = (int) img.getWidth(), h = (int) img.getHeight();
            int[] px = new int[w * h];
            img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
            int[] c = new int[3];
            for (int p : px) {
                if (close(p, TracePlot.PLUS)) c[0]++;
                if (close(p, TracePlot.MINUS)) c[1]++;
                if (close(p, TracePlot.CURSOR)) c[2]++;
            }
            return c;
        });
        assertTrue(counts[0] > 200, "P+ trace pixels: " + counts[0]);
        assertTrue(counts[1] > 200, "P− trace pixels: " + counts[1]);
        assertTrue(counts[2] > 100, "cursor trace pixels: " + counts[2]);
    }

    @Test
    void residualsPerNeuronWithPPlusAndPMinusApart() throws Exception {
        awaitText("residualSummary", "residuals: –");
        view.setResiduals(new org.apical.residual.ResidualSnapshot(900, new String[] {"n0", "n1", "n5", "n9"},
                new int[] {1, 1, -1, 0}, new double[4], new double[] {0.12, -0.05, -0.2, 0.4}, new int[] {10, 8, 7, 3},
                new int[] {2, 0, 0, 1}, new int[] {0, 1, 3, 0}, new double[] {1, 1, 1, 1}, true));
        awaitText("residualSummary", "residual events: P+ 18 (2 amplified, 1 attenuated) · P− 7 (0 amplified,"
                + " 3 attenuated) · others 3 (1 amplified, 0 attenuated)");
        int[] bars = FxToolkit.call(() -> {
            WritableImage img = console.stage().getScene().lookup("#residuals").snapshot(null, null);
            int w = (int) img.getWidth(), h = (int) img.getHeight();
            int[] px = new int[w * h];
            img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
            int[] c = new int[4]; // P+ left half, P+ right half, P− left half, P− right half
            for (int i = 0; i < px.length; i++) {
                int side = i % w < w / 2 ? 0 : 1;
                if (close(px[i], ResidualPanel.PLUS)) c[side]++;
                if (close(px[i], ResidualPanel.MINUS)) c[2 + side]++;
            }
            return c;
        });
        assertTrue(bars[0] > 100 && bars[1] == 0, "P+ bars on the left only: " + java.util.Arrays.toString(bars));
        assertTrue(bars[3] > 100 && bars[2] == 0, "P− bars on the right only: " + java.util.Arrays.toString(bars));
    }

    private static boolean close(int argb, Color c) {
        int r = argb >> 16 & 0xFF, g = argb >> 8 & 0xFF, b = argb & 0xFF;
        return Math.abs(r - c.getRed() * 255) < 30 && Math.abs(g - c.getGreen() * 255) < 30 && Math.abs(b - c.getBlue() * 255) < 30;
    }

    @Test
    void manualRewardGoesThroughTheSafetyGateAndTheConsoleSaysWhatItDecided() throws Exception {
        FxTestSupport.publish(view, frame, 300, TaskState.ITI, Display.GREY, 0, 3, 0, 0, 0, 2, 1, 1, 0.5);
        awaitText("state", "state ITI");
        assertEquals("manual rewards, like the task's: one reward per trial (a manual one counts as the trial's), "
                + "at least 2 s apart, at most 100 per session", text("manualLimits"));
        press("reward");
        assertEquals(1, control.approved);
        assertTrue(text("manualStatus").startsWith("manual reward at "), text("manualStatus"));
        assertTrue(text("manualStatus").endsWith(" given between trials (rewards this session: 1)"), text("manualStatus"));
        press("reward"); // same instant: inside the 2 s minimum interval
        assertEquals(1, control.approved, "a second manual reward within the minimum interval is refused");
        assertEquals(List.of(RewardGate.Refusal.TOO_SOON), control.refusals);
        assertTrue(text("manualStatus").endsWith(" refused between trials: too soon after the last reward (min_interval)"),
                text("manualStatus"));
        control.clock += 2.5;
        control.frame += 75;
        press("reward");
        assertEquals(2, control.approved);

        control.clock += 2.5;
        control.frame += 75;
        control.trial = 4;
        assertTrue(control.gate.approve(4, false, control.frame, control.clock), "trial 4's own reward");
        control.clock += 2.5;
        control.frame += 75;
        press("reward");
        assertEquals(2, control.approved, "never a second reward for one trial, whoever asks");
        assertTrue(text("manualStatus").endsWith(" refused in trial 4: this trial was already rewarded (one reward per trial)"),
                text("manualStatus"));
    }

    @Test
    void pauseResumeAndAStopThatNeedsConfirming() throws Exception {
        FxTestSupport.publish(view, frame, 1, TaskState.TRIAL, Display.GRATING, 10, 1, 0, 0, 0, 0, 0, 0, 0);
        awaitText("pause", "Pause");
        press("pause");
        assertTrue(control.paused);
        awaitText("pause", "Resume");
        press("pause");
        assertFalse(control.paused);
        press("stop");
        assertFalse(control.stopped, "one press only arms the stop");
        assertEquals("Confirm stop", text("stop"));
        press("stop");
        assertTrue(control.stopped);
    }
}
