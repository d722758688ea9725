package org.apical.ui;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.apical.core.LatencyHistogram;
import org.apical.pipeline.LiveView;
import org.apical.pipeline.SessionControl;
import org.apical.reward.RewardGate;
import org.apical.stimulus.StimulusStats;
import org.apical.core.TaskState;
import org.apical.task.TrialOutcome;

/**
 * The operator console: what a rig operator watches during a session and the few controls they need. It reads
 * the {@link LiveView} about 30 times a second on the JavaFX thread (a seqlock copy; the loop never waits for it)
 * and sends requests through {@link SessionControl}, which the task stage acts on in its own thread, so a manual
 * reward passes the same safety gate as any other, under the same limits (shown beside the button, #manualLimits),
 * and is recorded as manual; the gate's answer, given or refused and why, appears in #manualStatus.
 *
 * <p>Nodes carry ids (#state, #trial, #timeLeft, #angle, #hitRate, #rewards, #latency, #stimulusTiming,
 * #recording, #health, #behaviour, #imaging, #pause, #stop, #reward, #manualStatus, #manualLimits, #traces, #dial, #raster, #outcomes,
 * #residuals, #residualSummary)
 * for tests and style sheets.
 */
public final class ConsoleWindow {
    private static final long REFRESH_NANOS = 33_000_000L;
    private static final long STIMULUS_STATS_NANOS = 500_000_000L;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final LiveView view;
    private final SessionControl control;
    private final ConsoleOptions options;
    private final LiveView.Snapshot snap = new LiveView.Snapshot();
    private final List<TrialOutcome> outcomes = new ArrayList<>(); // the last 2,000 closed trials, for the raster
    private final long[] latencies = new long[256]; // the rolling window: the newest frames' loop latencies
    private final LatencyHistogram window = new LatencyHistogram();
    private int latencyCount;
    private int shownTrials;
    private long lastLatencyFrame = -1;

    final Stage stage;
    final Label state = label("state"), trial = label("trial"), timeLeft = label("timeLeft"), frame = label("frame");
    final Label angle = label("angle"), target = label("target"), hitRate = label("hitRate"), rewards = label("rewards");
    final Label latency = label("latency"), stimulusTiming = label("stimulusTiming"), recording = label("recording");
    final Label behaviour = label("behaviour");
    /** Shown only for a session on raw frames (input.source: frames). */
    final Label imaging = label("imaging");
    final Label health = label("health"), manualStatus = label("manualStatus"), manualLimits = label("manualLimits");
    final Button pause = button("pause", "Pause"), stop = button("stop", "Stop"), reward = button("reward", "Manual reward");
    final TracePlot traces;
    final AngleDial dial = new AngleDial(190);
    final OutcomeRaster raster = new OutcomeRaster(250, 110);
    final ResidualPanel residuals = new ResidualPanel(600, 130);
    final Label residualSummary = label("residualSummary");
    private long residualFrame = Long.MIN_VALUE;
    final ListView<String> outcomeList = new ListView<>();
    private final AnimationTimer timer;
    private long lastRefresh = Long.MIN_VALUE / 2;
    private long lastStimulusStats = Long.MIN_VALUE / 2;
    private long stopArmedUntil;
    private long manualShown;
    private String manualClickedAt = "";

    ConsoleWindow(LiveView view, SessionControl control, ConsoleOptions options) {
        this.view = view;
        this.control = control;
        this.options = options;
        traces = new TracePlot(600, 640, 390, options.minAngle(), options.maxAngle());
        traces.setId("traces");
        dial.setId("dial");
        raster.setId("raster");
        residuals.setId("residuals");
        residualSummary.setWrapText(true);
        residualSummary.setMaxWidth(600);
        outcomeList.setId("outcomes");
        outcomeList.setPrefSize(250, 200);
        outcomeList.setFocusTraversable(false);
        outcomeList.setStyle("-fx-control-inner-background: #18181c; -fx-control-inner-background-alt: #1e1e23;");

        Label title = new Label(options.title());
        title.setStyle("-fx-font-size: 16px; -fx-font-weight: bold; -fx-text-fill: white;");
        HBox top = row(12, title, spacer(), state, trial, timeLeft, frame);
        VBox dialBox = new VBox(6, dial, angle, target);
        dialBox.setAlignment(Pos.TOP_CENTER);
        VBox plots = new VBox(4, traces, residuals, residualSummary);
        HBox centre = row(10, plots, dialBox);
        VBox right = new VBox(6, heading("Trial outcomes"), raster, hitRate, rewards, outcomeList);
        right.setPadding(new Insets(0, 0, 0, 10));
        HBox controls = row(10, pause, stop, reward, manualStatus);
        VBox status = new VBox(3, latency, stimulusTiming, recording, health, behaviour, imaging);
        imaging.setVisible(false);
        imaging.setManaged(false);
        VBox bottom = new VBox(8, controls, manualLimits, status);
        bottom.setPadding(new Insets(8, 0, 0, 0));
        BorderPane root = new BorderPane(centre, top, right, bottom, null);
        root.setPadding(new Insets(10));
        root.setStyle("-fx-background-color: #202026;");
        BorderPane.setMargin(top, new Insets(0, 0, 8, 0));

        pause.setOnAction(e -> togglePause());
        stop.setOnAction(e -> stopPressed());
        reward.setOnAction(e -> manualReward());
        RewardGate gate = options.rewardGate();
        manualLimits.setText(gate == null ? "" : "manual rewards, like the task's: " + gate.manualLimits());

        stage = new Stage();
        stage.setTitle("Apical console — " + options.title());
        stage.setScene(new Scene(root, 1140, 800));
        timer = new AnimationTimer() {
            @Override public void handle(long now) {
                if (now - lastRefresh >= REFRESH_NANOS) {
                    lastRefresh = now;
                    refresh(now);
                }
            }
        };
        stage.setOnHidden(e -> timer.stop());
        refresh(System.nanoTime());
        stage.show();
        timer.start();
    }

    private void togglePause() {
        if (control.paused()) control.resume(); else control.pause();
        updatePauseText();
    }

    private void updatePauseText() {
        set(pause, control.paused() ? (snap.frame < 0 ? "Start" : "Resume") : "Pause");
    }

    /** Stop needs two presses within three seconds: a stray click must not end a session. */
    private void stopPressed() {
        long now = System.nanoTime();
        if (now < stopArmedUntil) {
            control.stop();
            stop.setDisable(true);
            set(stop, "Stopped");
            return;
        }
        stopArmedUntil = now + 3_000_000_000L;
        set(stop, "Confirm stop");
        javafx.animation.PauseTransition disarm = new javafx.animation.PauseTransition(Duration.seconds(3));
        disarm.setOnFinished(e -> {
            if (!stop.isDisabled()) set(stop, "Stop");
        });
        disarm.play();
    }

    private void manualReward() {
        manualClickedAt = LocalTime.now().format(CLOCK);
        set(manualStatus, "manual reward requested at " + manualClickedAt + " (the safety limits decide on the next frame)");
        control.requestManualReward();
        showManualDecision();
    }

    /** The gate's answer to the latest manual request, once it has one. */
    private void showManualDecision() {
        RewardGate gate = options.rewardGate();
        RewardGate.ManualDecision d = gate == null ? null : gate.lastManual();
        if (d == null || d.count() == manualShown) return;
        manualShown = d.count();
        String when = "manual reward" + (manualClickedAt.isEmpty() ? "" : " at " + manualClickedAt);
        String where = d.trial() > 0 ? "in trial " + d.trial() : "between trials";
        set(manualStatus, d.refusal() == null
                ? when + " given " + where + " (rewards this session: " + d.given() + ")"
                : when + " refused " + where + ": " + d.refusal().explain());
    }

    /** One read of the LiveView and a redraw of everything (JavaFX thread). */
    void refresh(long now) {
        view.read(snap);
        boolean live = snap.frame >= 0;
        set(state, "state " + (live ? snap.state : "waiting for frames"));
        set(trial, "trial " + (live ? snap.trial : "–"));
        set(frame, live ? String.format("frame %d  t=%.1f s", snap.frame, snap.timestamp) : "");
        if (live && options.trialSeconds() > 0 && snap.state == TaskState.TRIAL) {
            set(timeLeft, String.format("time left %.1f s", Math.max(0, options.trialSeconds() - snap.stateSeconds)));
        } else {
            set(timeLeft, live ? String.format("in state %.1f s", snap.stateSeconds) : "");
        }
        boolean inBand = Double.isFinite(snap.angle) && orientationDistance(snap.angle, snap.targetAngle) <= snap.tolerance;
        set(angle, Double.isFinite(snap.angle) ? String.format("angle %.1f°%s", snap.angle, inBand ? "  (in band)" : "") : "angle –");
        set(target, String.format("target %.1f° ± %.1f°", snap.targetAngle, snap.tolerance));
        set(hitRate, snap.trials > 0
                ? String.format("hit rate %.0f%%  (%d / %d trials)", 100.0 * snap.hits / snap.trials, snap.hits, snap.trials)
                : "hit rate –  (no trials yet)");
        set(rewards, "rewards given " + snap.rewards);
        showManualDecision();
        set(recording, "recording: " + (snap.recording.isEmpty() ? "not recording" : snap.recording));
        set(health, "health: " + (snap.health.isEmpty() ? "–" : snap.health));
        set(behaviour, snap.behaviour.isEmpty() ? "light: off · licks: not reported" : snap.behaviour);
        if (!snap.imaging.isEmpty()) {
            imaging.setVisible(true);
            imaging.setManaged(true);
            set(imaging, snap.imaging);
        }
        latency(live);
        if (options.stimulusStats() != null && now - lastStimulusStats >= STIMULUS_STATS_NANOS) {
            lastStimulusStats = now;
            StimulusStats s = options.stimulusStats().get();
            set(stimulusTiming, String.format("stimulus: latency p99 %.1f ms, interval mean %.2f ms (nominal %.2f), %d missed frames, draw p99 %.2f ms",
                    s.latencyP99Ms(), s.intervalMeanMs(), s.nominalIntervalMs(), s.missedFrames(), s.renderP99Ms()));
        } else if (options.stimulusStats() == null) {
            set(stimulusTiming, "stimulus: no stimulus window in this process");
        }
        if (view.closedTrials() > shownTrials) {
            for (TrialOutcome o : view.closedTrialsFrom(shownTrials)) {
                shownTrials++;
                outcomeList.getItems().addFirst(String.format("trial %d  %s  t=%.1f s", o.trial(), switch (o.kind()) {
                    case HIT -> "hit";
                    case TIMEOUT -> "time-out";
                    case FLOOR_FAIL -> "floor failure";
                    case ABORTED -> "aborted";
                    case STALE_INPUT -> "stale input";
                }, o.startTimestamp()));
                if (outcomeList.getItems().size() > 200) outcomeList.getItems().removeLast();
                if (outcomes.size() == 2000) outcomes.removeFirst();
                outcomes.add(o);
            }
            raster.redraw(outcomes);
        }
        if (live) {
            traces.setCount(view.traces(snap.frame, traces.capacity(), traces.plus(), traces.minus(), traces.cursor(), traces.angle()));
        }
        traces.redraw(snap.targetAngle, snap.tolerance);
        showResiduals();
        dial.redraw(snap.angle, snap.targetAngle, snap.tolerance, inBand);
        updatePauseText();
    }

    private void showResiduals() {
        org.apical.residual.ResidualSnapshot r = view.residuals();
        long at = r == null ? -1 : r.frame();
        if (at == residualFrame) return;
        residualFrame = at;
        residuals.redraw(r);
        set(residualSummary, r == null ? "residuals: –" : residualLine(r));
    }

    /** Per group: events and how many were amplified or attenuated. */
    static String residualLine(org.apical.residual.ResidualSnapshot r) {
        StringBuilder b = new StringBuilder("residual events:");
        for (int role : new int[] {1, -1, 0}) {
            int events = 0, amplified = 0, attenuated = 0, neurons = 0;
            for (int p = 0; p < r.roles().length; p++) {
                if (r.roles()[p] != role) continue;
                neurons++;
                events += r.events()[p];
                amplified += r.amplified()[p];
                attenuated += r.attenuated()[p];
            }
            if (neurons == 0) continue;
            if (b.length() > "residual events:".length()) b.append(" ·");
            b.append(String.format(" %s %d (%d amplified, %d attenuated)", role > 0 ? "P+" : role < 0 ? "P−" : "others",
                    events, amplified, attenuated));
        }
        return b.toString();
    }

    private void latency(boolean live) {
        if (latencyCount == 0) set(latency, "loop latency (arrival → published): –");
        if (!live || snap.frame == lastLatencyFrame || snap.publishedNanos == 0) return;
        lastLatencyFrame = snap.frame;
        latencies[latencyCount++ % latencies.length] = snap.publishedNanos - snap.arrivalNanos;
        int n = Math.min(latencyCount, latencies.length);
        window.reset(); // only on a new frame: a reset clears the histogram's whole fixed range
        for (int i = 0; i < n; i++) window.record(latencies[i]);
        set(latency, "loop latency (arrival → published), last " + n + " frames: p50 " + duration(window.quantile(0.5))
                + ", p99 " + duration(window.quantile(0.99)) + ", max " + duration(window.max()));
    }

    static String duration(long nanos) {
        return nanos < 1_000_000 ? String.format("%.1f µs", nanos / 1e3) : String.format("%.2f ms", nanos / 1e6);
    }

    static double orientationDistance(double a, double b) {
        double d = Math.abs(a - b) % 180;
        return Math.min(d, 180 - d);
    }

    private static void set(Label l, String text) {
        if (!text.equals(l.getText())) l.setText(text);
    }

    private static void set(Button b, String text) {
        if (!text.equals(b.getText())) b.setText(text);
    }

    private static Label label(String id) {
        Label l = new Label();
        l.setId(id);
        l.setStyle("-fx-text-fill: #e6e6ea; -fx-font-size: 13px;");
        return l;
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-text-fill: white; -fx-font-weight: bold;");
        return l;
    }

    private static Button button(String id, String text) {
        Button b = new Button(text);
        b.setId(id);
        b.setMinWidth(120);
        return b;
    }

    private static HBox row(double gap, javafx.scene.Node... nodes) {
        HBox h = new HBox(gap, nodes);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    /** The window (JavaFX thread only). */
    public Stage stage() { return stage; }

    /** Closes the console; the session goes on. */
    public void close() {
        org.apical.stimulus.FxToolkit.call(() -> {
            timer.stop();
            stage.hide();
            return null;
        });
    }
}
