package org.apical.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.config.Definitions;
import org.apical.session.SessionSummary;
import org.apical.reward.RewardOutputs;
import org.apical.sim.Pacer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.apical.core.UserException;
import org.apical.session.Sources;
import org.apical.session.SessionRunner;
import org.apical.session.SessionGraph;
import org.apical.session.StopOnSignal;
import org.apical.session.Session;
import org.apical.core.StreamDescription;
import org.apical.lsl.StreamDescriptions;
import org.apical.stream.StreamInfo;

/** {@code apical run}: a session on a rig, with the rig's input, outputs, screen and recording folder. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a closed-loop session on a rig: the rig file's input stream (LSL, or the simulated rig),",
                "its reward outputs and screen. Until Stop (console), Ctrl-C, --duration, or the decoder's max_trials.",
                "--dry-run prints what would run and checks every definition, without starting anything."})
public final class RunCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    SessionOptions session = new SessionOptions();

    @Option(names = "--rig", required = true, description = "Rig file, e.g. rigs/sim.yaml.")
    String rig;

    @Option(names = "--decoder", required = true, description = "Decoder file, e.g. decoders/default.yaml.")
    String decoder;

    @Option(names = "--stimulus", required = true, description = "Stimulus file, e.g. stimuli/grating.yaml.")
    String stimulus;

    @Option(names = "--duration", description = "Stop after this many seconds of stream (default: no limit).")
    Double duration;



    @Option(names = "--dry-run", description = "Check the definitions and print the session graph; start nothing.")
    boolean dryRun;





    /**
     * A dry run's checks against the input stream: a simulated rig's channels were checked with the definitions; a
     * live stream found within the resolve timeout gets the session's own preflight (ROIs, rate, format, sizes); with
     * none found (or liblsl's backend) the check is said to be pending, since the real run does it at start.
     */
    private static String checkStream(Definitions defs) throws java.io.IOException {
        var in = defs.rig().input();
        if (in.simulated()) return "done against the simulated rig's channels";
        if (in.nativeBackend()) {
            return "pending: with input.backend: native the stream is checked when the session starts";
        }
        if (in.frames()) {
            StreamInfo planned;
            try {
                planned = org.apical.imaging.FramesSetup.plannedStream(defs.rig().frames());
            } catch (java.io.IOException e) {
                throw new UserException(defs.rig().file() + ": frames: " + e.getMessage(), e);
            }
            if (planned == null) {
                return "pending: the frame size comes with the first frame (no frames.geometry); the ROIs are checked"
                        + " against it when the frames start";
            }
            StreamDescription d = StreamDescriptions.of(planned, in.pairs(), in.spikes());
            Session.preflight(defs.withDecoder(defs.decoder().withLabelsResolved(d.labels(),
                    "stream '" + d.name() + "'")), d);
            return String.format(Locale.ROOT, "done against the ROIs of %s (%d channels, %s Hz)",
                    defs.rig().frames().roisText(), d.channelCount(), d.nominalRate());
        }
        StreamInfo found = Sources.resolveInput(defs);
        if (found == null) {
            return "pending: no stream matching input.stream answered within " + in.resolveTimeout()
                    + "; the ROIs are checked against it when the session starts";
        }
        StreamDescription d = StreamDescriptions.of(found, in.pairs(), in.spikes());
        Definitions resolved = defs.withDecoder(defs.decoder().withLabelsResolved(d.labels(),
                "stream '" + d.name() + "'"));
        Session.preflight(resolved, d);
        return String.format(Locale.ROOT, "done against stream '%s' at %s:%d (%d channels, %s Hz)", d.name(),
                found.v4address(), found.v4dataPort(), d.channelCount(), d.nominalRate());
    }

    @Override public Integer call() throws Exception {
        if (duration != null && !(duration > 0)) throw new UserException("--duration must be above 0 seconds");
        Definitions defs = Definitions.load(UserFiles.resolve(rig), UserFiles.resolve(decoder),
                UserFiles.resolve(stimulus));
        PrintStream out = System.out;
        if (dryRun) {
            String streamCheck = checkStream(defs);
            out.println("apical run --dry-run: the definitions are valid; this session would run:");
            for (String line : SessionGraph.lines(defs, null)) out.println("  " + line);
            out.println("stream check: " + streamCheck);
            if (session.json) {
                Map<String, Object> m = Json.object();
                m.put("valid", true);
                m.put("stream_check", streamCheck.startsWith("pending") ? "pending" : "done");
                m.put("stream_check_detail", streamCheck);
                m.put("graph", SessionGraph.lines(defs, null));
                out.println(Json.line(m));
            }
            return 0;
        }
        var in = defs.rig().input();
        Sources.Opened opened;
        if (in.simulated()) {
            long frames = duration == null ? Long.MAX_VALUE : Math.round(duration * defs.rig().sim().rateHz());
            opened = Sources.simulated(defs, defs.rig().sim(), new Pacer(1), frames, true, Sources.lslConfig(in));
        } else if (in.frames()) {
            opened = Sources.frames(defs, -1);
        } else {
            opened = Sources.lsl(defs, -1);
        }
        SessionRunner runner = new SessionRunner(defs, opened.source(),
                opened.rewardOutputs(RewardOutputs.open(defs.rig().reward(), defs.rig().file(), opened.lsl())),
                session.runner(), out);
        try (StopOnSignal _ = runner.stopOnSignal()) {
            runner.beforeStart(() -> opened.attach(runner.session()));
            runner.lightAndLicks(opened);
            opened.closeAfter().forEach(runner::closeAfter);
            runner.publishOnLsl(defs.rig().name() + "-" + ProcessHandle.current().pid(), opened.lsl(), opened.backend());
            runner.computeResiduals();
            if (duration != null && !in.simulated()) runner.stopAfterStreamSeconds(duration);
            if (opened.source() instanceof org.apical.imaging.FramesFrameSource frames) {
                runner.beforeStart(() -> FramesCommand.showShifts(frames, out, runner.session().view()));
            }
            out.printf(Locale.ROOT, "apical run: rig %s, decoder %s, stimulus %s%n", defs.rig().name(),
                    defs.decoder().name(), defs.stimulus().name());
            java.nio.file.Path recording = session.recording(defs);
            // a TIFF played as fast as possible has no deadline: the recorder may hold it up rather than lose samples
            boolean unpaced = in.frames() && !opened.source().timestampsOnThisClock();
            if (recording != null) runner.record(recording, unpaced);
            runner.printGraph(recording == null ? null : recording.toString());
            SessionSummary summary = runner.run();
            if (session.json) out.println(Json.line(SessionJson.of(runner, summary)));
            return runner.exitCode(summary);
        }
    }
}
