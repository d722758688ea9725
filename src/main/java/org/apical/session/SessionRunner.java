package org.apical.session;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apical.config.Definitions;
import org.apical.core.FrameSource;
import org.apical.pipeline.SessionListener;
import org.apical.reward.RewardOutput;
import org.apical.stimulus.FxToolkit;
import org.apical.stimulus.StimulusStats;
import org.apical.stimulus.StimulusWindow;
import org.apical.core.TaskEvent;
import org.apical.task.TrialOutcome;
import org.apical.ui.Console;
import org.apical.ui.ConsoleOptions;
import org.apical.ui.ConsoleWindow;
import org.apical.core.UserException;
import org.apical.core.Version;

/**
 * What {@code demo}, {@code run} and {@code replay} share: build the session from definitions, a source and reward
 * outputs; print the session graph, a line per trial and the summary; open the console and the stimulus window when
 * asked; close everything in order however the session ends.
 */
public final class SessionRunner {

    /** What the operator asked for on the command line. */
    public record Options(boolean console, boolean stimulusWindow, boolean quiet) {
        public static Options none() { return new Options(false, false, false); }
    }

    private final Definitions defs;
    private final Session session;
    private final PrintStream out;
    private final Options options;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final List<Runnable> beforeStart = new ArrayList<>();
    private StimulusWindow stimulusWindow;
    private ConsoleWindow console;
    private StimulusStats stimulusStats;
    private org.apical.recording.SessionRecorder recorder;
    private Thread drawLogDrainer;
    private boolean residuals;
    private org.apical.lsl.LslConfig residualLsl;
    private org.apical.lsl.LslBackend residualBackend = org.apical.lsl.LslBackend.JAVA;
    private String residualName;
    private org.apical.residual.ResidualStage residualStage;
    private org.apical.light.LickBook lickBook;

    public SessionRunner(Definitions defs, FrameSource source, List<RewardOutput> outputs, Options options,
                         PrintStream out) {
        this.defs = defs;
        this.out = out;
        this.options = options;
        this.session = new Session(defs, source, outputs, new SessionListener() {
            @Override public void onTrial(TrialOutcome o) {
                if (!options.quiet()) out.println(SessionSummary.trialLine(o));
            }

            @Override public void onEvent(TaskEvent e) {
                if (e instanceof TaskEvent.Calibrated c && !options.quiet()) {
                    out.printf(Locale.ROOT, "calibrated on the baseline: floor %.4f, threshold %.4f (z %.3f;"
                            + " carry it to the next session as calibration.previous_z)%n", c.floor(), c.threshold(), c.z());
                }
            }
        });
    }

    public Session session() { return session; }

    /**
     * A spike-event input tells, once the decoder's baseline has passed, which units the decoder names sent nothing
     * (a sorter numbering its units otherwise than the decoder does would leave the cursor flat).
     */
    private void reportSilentUnits() {
        if (!(session.source() instanceof org.apical.spikes.BinnedEvents binned)) return;
        var baseline = defs.decoder().task().baseline();
        int bins = (int) Math.max(1, baseline.inFrames() ? baseline.value()
                : Math.ceil(baseline.value() * session.description().nominalRate()));
        binned.reportSilentUnits(bins, binned.layout().namedChannels(defs.decoder()), out::println);
    }

    /** Ends the session once this much stream time has passed (checked by a side consumer, on the frames' clock). */
    public void stopAfterStreamSeconds(double seconds) {
        session.addSideConsumer(new com.lmax.disruptor.EventHandler<org.apical.core.Frame>() {
            private double first = Double.NaN;

            @Override public void onEvent(org.apical.core.Frame f, long seq, boolean end) {
                if (f.endOfStream) return;
                if (Double.isNaN(first)) first = f.timestamp;
                if (f.timestamp - first >= seconds) session.control().stop();
            }
        });
    }

    /** Run once the windows are open, just before the first frame (starting sources, so no sample waits on a window). */
    public void beforeStart(Runnable r) { beforeStart.add(r); }

    /** Closed after the session ends (recorders, outlets), in the order added. */
    public void closeAfter(AutoCloseable c) { closeAfter.add(c); }

    /** Records the session to {@code file} (XDF): input as received, decoder outputs, events, rewards, definitions. */
    public void record(java.nio.file.Path file, boolean lossless) throws java.io.IOException {
        recorder = new org.apical.recording.SessionRecorder(file, defs, session.description(), Version.current(),
                lossless);
        session.addSideConsumer(recorder);
        recorder.reportTo(session.view());
        if (session.source() instanceof org.apical.spikes.BinnedEvents binned) recordReceivedEvents(binned, recorder);
        if (session.source() instanceof org.apical.imaging.FramesFrameSource frames && defs.rig().frames().recordRaw()) {
            int stream = recorder.addLentStream(org.apical.imaging.FramesSetup.rawStream(frames));
            org.apical.recording.SessionRecorder r = recorder;
            org.apical.imaging.FramesSetup.recordRaw(frames, r.waitsForRoom(),
                    (timestamps, n, volume) -> r.appendLent(stream, timestamps, n, volume));
        }
    }

    /** A spike-event input is recorded twice: the events as received, and (as the input) the bins the decoder saw. */
    private static void recordReceivedEvents(org.apical.spikes.BinnedEvents binned,
                                             org.apical.recording.SessionRecorder recorder) throws java.io.IOException {
        int stream = recorder.addReceivedStream(binned.layout().events());
        binned.recordTo(new org.apical.spikes.RawEventSink() {
            @Override public void numeric(double timestamp, double[] sample) {
                recorder.appendReceived(stream, timestamp, sample);
            }

            @Override public void text(double timestamp, String[] sample) {
                recorder.appendReceived(stream, timestamp, sample);
            }
        });
    }

    /** The file a session records to by default: {@code <rig recording folder>/<date>_<time>_<rig>.xdf}. */
    public static java.nio.file.Path defaultRecording(Definitions defs) {
        String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern(
                "yyyy-MM-dd_HHmmss"));
        return java.nio.file.Path.of(defs.rig().recording().folder(), stamp + "_" + defs.rig().name() + ".xdf");
    }

    public org.apical.recording.SessionRecorder recorder() { return recorder; }

    /** 0 when nothing was lost (no input gap, nothing the recorder could not take, the input not lost), else 1. */
    public int exitCode(SessionSummary summary) {
        boolean recordingLossless = recorder == null || recorder.lossless();
        return summary.dropped() == 0 && recordingLossless && inputLost() == null ? 0 : 1;
    }

    /** Why the input stream was lost before the session's end, or null when it was not. */
    public String inputLost() {
        return session.source() instanceof org.apical.lsl.LiveLslSource lsl ? lsl.lostReason() : null;
    }

    /** Publishes Apical's own streams (decoder outputs, task events) on LSL for other tools. */
    public void publishOnLsl(String sessionName, org.apical.lsl.LslConfig cfg) throws java.io.IOException {
        publishOnLsl(sessionName, cfg, org.apical.lsl.LslBackend.JAVA);
    }

    /** The same on the given backend: liblsl's outlets with the native one. */
    public void publishOnLsl(String sessionName, org.apical.lsl.LslConfig cfg, org.apical.lsl.LslBackend backend)
            throws java.io.IOException {
        org.apical.lsl.LslPublisher publisher = new org.apical.lsl.LslPublisher(sessionName,
                session.description().nominalRate(), cfg, backend);
        residualBackend = backend;
        session.addSideConsumer(publisher);
        closeAfter(publisher);
        residualLsl = cfg;
        residualName = sessionName;
    }

    /**
     * Computes the soma–dendrite residuals of every pair beside the loop (when the rig has them enabled and the
     * stream has pairs): recorded with the session, published on LSL when {@link #publishOnLsl} is on, shown on the
     * console.
     */
    public void computeResiduals() { residuals = true; }

    /**
     * Drives the rig file's light (if any) and books the licks the rig reports (the simulated animal's or the
     * controller's): {@code run} and {@code demo}; a replay never calls it, so it never drives a light.
     */
    public void lightAndLicks(Sources.Opened opened) {
        List<RewardOutput> outputs = session.rewards().outputs();
        session.setLight(opened.light(defs, outputs));
        session.setLicks(opened.licks(outputs));
    }

    /** The lick book of this session, or null (no licks reported and no light). */
    public org.apical.light.LickBook lickBook() { return lickBook; }

    private void startLicks() throws java.io.IOException {
        var log = session.licks();
        if (log == null && !defs.rig().light().enabled()) return;
        lickBook = new org.apical.light.LickBook(log == null ? new org.apical.reward.LickLog() : log,
                session.description().nominalRate(), session.light());
        if (recorder != null && log != null) lickBook.recordTo(recorder.lickSink());
        lickBook.reportTo(session.view()::setBehaviour);
        session.addSideConsumer(lickBook);
    }

    /** The residual stage of this session, or null when it computes none. */
    public org.apical.residual.ResidualStage residualStage() { return residualStage; }

    private void startResiduals() throws java.io.IOException {
        var cfg = defs.rig().residuals();
        if (!residuals || !cfg.enabled() || session.description().pairCount() == 0 || session.description().spikes()) {
            return;
        }
        var pairs = org.apical.residual.Pairs.of(session.description(), defs.decoder());
        List<org.apical.residual.ResidualOutput> outputs = new ArrayList<>();
        if (recorder != null) outputs.add(recorder.residualOutput(pairs, session.description().nominalRate()));
        if (residualLsl != null) {
            var outlets = new org.apical.residual.ResidualOutlets(residualName, session.description().nominalRate(),
                    pairs, residualLsl, residualBackend);
            outputs.add(outlets);
            closeAfter(outlets);
        }
        residualStage = new org.apical.residual.ResidualStage(cfg, session.description().nominalRate(), pairs, outputs,
                session.view()::setResiduals);
        session.addSideConsumer(residualStage);
    }

    public void printGraph(String recording) {
        for (String line : SessionGraph.lines(defs, recording)) out.println("  " + line);
    }

    /**
     * Ends the session from any thread (a signal): no reward passes the gate any more, valves close, ingest takes no
     * new frame, and a source waiting on a stalled stream gives up its wait; {@link #run()} then finishes as after
     * Stop.
     */
    public void stop() {
        session.gate().disable();
        session.rewards().closeValves();
        session.control().stop();
        session.source().endWaiting();
    }

    /**
     * Makes SIGINT and SIGTERM end this session as {@link #stop()} does and wait (bounded) for it to finish; install
     * before {@link #record}, close after the last line the command prints.
     */
    public StopOnSignal stopOnSignal() {
        return StopOnSignal.install(() -> "the session" + (recorder == null ? "" : ", recording to " + recorder.file()),
                this::stop);
    }

    /** Runs to the end of the source (or Stop), then closes windows and outputs and returns the summary. */
    public SessionSummary run() throws Exception {
        reportSilentUnits();
        startResiduals();
        startLicks();
        openWindows();
        startDrawLogRecording();
        beforeStart.forEach(Runnable::run);
        try {
            session.run();
        } finally {
            closeWindows();
            // the session's outlets send their consumers the last samples while the recording finishes: one drain
            // time-out for all of them
            for (AutoCloseable c : closeAfter) if (c instanceof org.apical.lsl.Draining d) d.beginClose();
            if (recorder != null) {
                try {
                    recorder.close();
                } catch (Exception e) {
                    System.err.println("apical: the recording " + recorder.file() + " could not be finished: " + e);
                }
            }
            for (AutoCloseable c : closeAfter) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("apical: closing " + c + " failed: " + e.getMessage());
                }
            }
        }
        SessionSummary summary = SessionSummary.of(session);
        summary.print(out);
        for (String late : session.lateConsumers()) {
            out.println("side consumer " + late + " had not finished when the session ended; it was left behind");
        }
        if (session.source() instanceof org.apical.lsl.LiveLslSource lsl) {
            out.println("LSL transport (" + lsl.backend() + " inlet; source timestamp → sample in the pipeline): "
                    + lsl.transportLatency().describe());
            if (lsl.lostReason() != null) out.println("input: " + lsl.lostReason());
        }
        if (session.source() instanceof org.apical.spikes.BinnedEvents binned) {
            out.println("input: " + binned.stats().describe());
        }
        for (org.apical.reward.RewardDispatcher.OutputReport o : session.rewards().reports()) {
            out.println("reward output " + o.name() + ": delivered " + o.delivered()
                    + (o.lastError() == null ? "" : ", last error: " + o.lastError())
                    + (o.serial() == null ? "" : ", decision → ack " + o.serial().decisionToAck().describe()));
        }
        var watchdog = session.watchdog();
        if (watchdog != null && watchdog.trips() > 0) {
            out.println("reward watchdog tripped " + watchdog.trips() + " times; last: " + watchdog.lastTrip());
        }
        if (stimulusStats != null) out.println(stimulusStats.summary());
        if (residualStage != null) out.println("residuals: " + residualStage.report().describe());
        if (defs.rig().light().enabled()) out.println(lightLine(session.light().report()));
        if (lickBook != null && session.licks() != null) out.println(lickBook.report().describe());
        if (recorder != null) out.println("recording: " + recorder.status());
        if (session.source() instanceof org.apical.imaging.FramesFrameSource frames && frames.rawRecorder() != null) {
            out.println("recording: " + frames.rawRecorder().describe());
        }
        if (inputLost() != null) {
            System.err.println("apical: " + inputLost() + "; the session stopped: valves closed"
                    + (recorder == null ? "" : ", recording finished in " + recorder.file()));
        }
        return summary;
    }

    static String lightLine(org.apical.light.LightPlan.Report r) {
        return "light " + r.mode() + " (" + r.schedule() + ", " + r.pulseMs() + " ms): " + r.pulses() + " pulses sent"
                + (r.output() == null ? " (no light output)" : ", " + r.deviceConfirmed() + " confirmed by " + r.output())
                + (r.reinforcements() > 0 ? ", " + r.reinforcements() + " hits reinforced by light instead of water" : "")
                + ", " + r.conditionChanges() + " condition changes"
                + (r.refusedByBounds() > 0 ? ", " + r.refusedByBounds() + " refused by light.max_duty" : "")
                + (r.withheld() > 0 ? ", " + r.withheld() + " withheld (rewarding stopped)" : "")
                + (r.deviceRefused() > 0 ? ", " + r.deviceRefused() + " refused by the device or not sent" : "")
                + (r.lastError() == null ? "" : "; last: " + r.lastError());
    }

    /** The stimulus window's figures once it has closed, or null. */
    public StimulusStats stimulusStats() { return stimulusStats; }

    private void openWindows() {
        if (!options.console() && !options.stimulusWindow()) return;
        if (!FxToolkit.displayAvailable()) {
            throw new UserException("--console and --stimulus-window need a display (DISPLAY or WAYLAND_DISPLAY is"
                    + " not set); run without them, or under a desktop session or Xvfb");
        }
        if (options.stimulusWindow()) {
            var screen = defs.rig().screen();
            stimulusWindow = StimulusWindow.open(session.view(), defs.stimulus(), screen,
                    screen.fullscreen() ? StimulusWindow.Mode.FULLSCREEN : StimulusWindow.Mode.WINDOWED);
        }
        if (options.console()) {
            var task = defs.decoder().task();
            double trialSeconds = task.trialLength().inFrames()
                    ? task.trialLength().value() / session.description().nominalRate() : task.trialLength().value();
            ConsoleOptions o = ConsoleOptions.defaults().withTitle("Apical — " + defs.rig().name())
                    .withTrialSeconds(trialSeconds)
                    .withAngleRange(defs.decoder().mapping().minAngle(), defs.decoder().mapping().maxAngle())
                    .withRewardGate(session.gate());
            if (stimulusWindow != null) o = o.withStimulus(stimulusWindow::stats);
            console = Console.open(session.view(), session.control(), o);
        }
    }

    /** Drains the stimulus window's draw log into the recording every 200 ms, off the decision and render threads. */
    private void startDrawLogRecording() throws java.io.IOException {
        if (stimulusWindow == null || recorder == null) return;
        recorder.addStimulusStream(defs.rig().screen().refreshHz());
        drawLogDrainer = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                drainDrawLog();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stimulus-log-recorder");
        drawLogDrainer.setDaemon(true);
        drawLogDrainer.start();
    }

    private void drainDrawLog() {
        stimulusWindow.drawLog().drain((display, pipeline, arrival, drawnAt, angle, shown, photodiode) ->
                recorder.appendDrawn(display, pipeline, arrival, drawnAt, angle, shown.ordinal(), photodiode));
    }

    private void closeWindows() {
        if (drawLogDrainer != null) {
            drawLogDrainer.interrupt();
            try {
                drawLogDrainer.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            drainDrawLog();
        }
        if (stimulusWindow != null) stimulusStats = stimulusWindow.close();
        if (console != null) console.close();
    }

    public StimulusWindow stimulusWindow() { return stimulusWindow; }
}
