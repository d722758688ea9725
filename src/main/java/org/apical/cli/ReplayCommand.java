package org.apical.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.config.Definitions;
import org.apical.session.SessionSummary;
import org.apical.lsl.StreamDescriptions;
import org.apical.replay.RecordedSession;
import org.apical.replay.RecordedStreamPublisher;
import org.apical.replay.ReplayComparison;
import org.apical.replay.XdfFrameSource;
import org.apical.reward.SimulatedRewardOutput;
import org.apical.sim.Pacer;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.apical.xdf.StreamIntegrity;
import org.apical.xdf.XdfStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.apical.core.UserException;
import org.apical.session.Sources;
import org.apical.session.SessionRunner;
import org.apical.session.StopOnSignal;

/** {@code apical replay FILE.xdf}: a recorded session through the same pipeline, compared with what it decided. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Feed a recorded session's input through the same pipeline and compare with the recording:",
                "with the recorded definitions the angles, outcomes and rewards must be identical; with --decoder",
                "(or --stimulus, --rig) it reports what a different definition would have changed.",
                "--publish re-streams every stream of any XDF file (Apical's, LabRecorder's, any other tool's) on",
                "LSL with its recorded timing and metadata instead, so a recording can stand in for a rig; it waits",
                "for a consumer before the first sample (--wait-for-consumer).",
                "A replay never drives reward hardware."})
public final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "Session file (.xdf) written by apical demo/run; with --publish any XDF file.")
    Path file;

    @Option(names = "--speed", defaultValue = "max", description = "max (default), realtime or Nx.")
    String speed;

    @Option(names = "--decoder", description = "Replay with this decoder instead of the recorded one.")
    Path decoder;

    @Option(names = "--stimulus", description = "Replay with this stimulus definition instead of the recorded one.")
    Path stimulus;

    @Option(names = "--rig", description = "Replay with this rig definition instead of the recorded one.")
    Path rig;

    @Option(names = "--publish", description = "Re-stream every recorded stream on LSL (original timing and metadata); "
            + "any XDF file, LabRecorder's too.")
    boolean publish;

    @Option(names = "--wait-for-consumer", paramLabel = "S", defaultValue = "10",
            description = "With --publish: wait up to S seconds for a consumer of the streams before the first sample, "
                    + "so one started with the replay gets every sample (default ${DEFAULT-VALUE}; 0 = start at once).")
    double waitForConsumer;

    @Option(names = "--scope", defaultValue = "machine",
            description = "LSL scope for --publish (default: ${DEFAULT-VALUE}).")
    String scope;

    @Option(names = "--quiet", description = "No line per trial.")
    boolean quiet;

    @Option(names = "--json", description = "One JSON object on the last line.")
    boolean json;

    @Override public Integer call() throws Exception {
        Pacer pacer;
        try {
            pacer = Pacer.parse(speed);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        PrintStream out = System.out;
        if (publish) return publish(pacer, out);
        try (RecordedSession rec = RecordedSession.open(file)) {
            return replay(rec, pacer, out);
        }
    }

    private int replay(RecordedSession rec, Pacer pacer, PrintStream out) throws Exception {
        boolean changed = decoder != null || stimulus != null || rig != null;
        String rigText = text(rig, rec.definitionText(0), "--rig");
        String decText = text(decoder, rec.definitionText(1), "--decoder");
        String stimText = text(stimulus, rec.definitionText(2), "--stimulus");
        Definitions defs = Definitions.parse(rigText, rig != null ? rig.toString() : file + "#rig", decText,
                decoder != null ? decoder.toString() : file + "#decoder", stimText,
                stimulus != null ? stimulus.toString() : file + "#stimulus");
        // a recording of spike events alone (another tool's): binned as a live session bins them
        if (rec.inputIsSpikeEvents()) rec = rec.withEventsBinned(defs.rig().input().events());
        var description = StreamDescriptions.of(rec.input().header(), defs.rig().input().pairs(),
                defs.rig().input().spikes());
        XdfFrameSource source = XdfFrameSource.of(rec, description, pacer, rec.decoder());
        SessionRunner runner = new SessionRunner(defs, source, List.of(new SimulatedRewardOutput()),
                new SessionRunner.Options(false, false, quiet), out);
        runner.session().setOffline(true); // no animal: the comparison must see every frame
        // gaps between frames are counted frame by frame; frames missing before the first or after the last only
        // the footer shows
        StreamIntegrity.Report integrity = StreamIntegrity.of(rec.input()).report(rec.input().footer());
        runner.session().monitor().lostOutsideFrames(StreamIntegrity.plus(integrity.missingAtStart(),
                integrity.missingAtEnd()));
        try (StopOnSignal _ = runner.stopOnSignal()) {
            ReplayComparison comparison = new ReplayComparison(changed ? null : rec.decoder(), rec.truncated());
            runner.session().addSideConsumer(comparison);
            out.printf(Locale.ROOT, "apical replay %s: %d frames of '%s'%s, %s%n", file, source.frames(),
                    rec.input().name(), rec.truncated() ? " (the file is truncated; replaying what is complete)" : "",
                    changed ? "with changed definitions" : "with the recorded definitions (Apical " + rec.recordedVersion() + ")");
            for (String problem : rec.xdf().problems()) out.println("file problem: " + problem);
            runner.printGraph(null);
            SessionSummary summary = runner.run();

            List<String> recordedOutcomes = ReplayComparison.outcomes(rec.eventMarkers());
            List<String> replayOutcomes = ReplayComparison.outcomes(comparison.events());
            boolean hole = !comparison.holes().isEmpty();
            Boolean outcomesIdentical = rec.events() == null ? null
                    : hole ? ReplayComparison.outcomes(eventsUpTo(rec, comparison.lastComparableTimestamp()))
                            .equals(ReplayComparison.outcomes(comparison.comparableEvents()))
                    : ReplayComparison.sameOutcomes(recordedOutcomes, replayOutcomes, rec.truncated());
            Map<String, Object> m = SessionJson.of(runner, summary);
            if (!changed) {
                for (ReplayComparison.Hole h : comparison.holes()) out.println("input hole: " + describe(h));
                if (hole) {
                    out.println("the decisions after the first hole were made with frames this replay never sees:"
                            + " they are not comparable, and are compared only up to it");
                }
                String scope = !hole ? "" : ", up to the hole (" + comparison.compared() + " frames compared; "
                        + comparison.notComparable() + " after it not comparable)";
                out.println("angles identical: " + describe(comparison.anglesIdentical(), comparison.angleMismatches()) + scope);
                out.println("outcomes identical: " + (outcomesIdentical == null ? "n/a (no events recorded)"
                        : (outcomesIdentical ? "yes" : "NO") + (hole ? ", up to the hole" : "")));
                out.println("rewards identical: " + describe(comparison.rewardsIdentical(), comparison.rewardMismatches()) + scope);
                if (comparison.firstDifference() >= 0) out.println("first differing frame: " + comparison.firstDifference());
            } else {
                long recHits = recordedOutcomes.stream().filter(s -> s.startsWith("hit ")).count();
                long recTrials = recordedOutcomes.stream().filter(s -> s.startsWith("trial_start")).count();
                long recRewards = recordedOutcomes.stream().filter(s -> s.startsWith("reward ")).count();
                out.printf(Locale.ROOT, "recorded: %d trials, %d hits, %d rewards; replay: %d trials, %d hits, %d rewards%n",
                        recTrials, recHits, recRewards, summary.trials(), summary.hits(), summary.rewards());
                Map<String, Object> r = Json.object();
                r.put("trials", recTrials);
                r.put("hits", recHits);
                r.put("rewards", recRewards);
                m.put("recorded", r);
            }
            m.put("file", file.toString());
            m.put("angles_identical", changed ? null : comparison.anglesIdentical());
            m.put("outcomes_identical", changed ? null : outcomesIdentical);
            m.put("rewards_identical", changed ? null : comparison.rewardsIdentical());
            m.put("first_difference_frame", comparison.firstDifference() < 0 ? null : comparison.firstDifference());
            m.put("compared_frames", changed ? null : comparison.compared());
            m.put("not_comparable_frames", changed ? null : comparison.notComparable());
            m.put("missing_input_frames", changed ? null : comparison.missingInput());
            List<Map<String, Object>> holes = new java.util.ArrayList<>();
            for (ReplayComparison.Hole h : comparison.holes()) {
                Map<String, Object> hm = Json.object();
                hm.put("frame", h.frame());
                hm.put("missing", h.missing() < 0 ? null : h.missing());
                holes.add(hm);
            }
            m.put("input_holes", changed ? null : holes);
            m.put("definitions", changed ? "changed" : "recorded");
            if (json) out.println(Json.line(m));
            boolean identical = changed || (!Boolean.FALSE.equals(comparison.anglesIdentical())
                    && !Boolean.FALSE.equals(outcomesIdentical) && !Boolean.FALSE.equals(comparison.rewardsIdentical()));
            return identical ? 0 : 1;
        }
    }

    /** Once a first consumer is connected, how long to wait for each further stream's first consumer. */
    static final double SETTLE_SECONDS = 1.0;

    private int publish(Pacer pacer, PrintStream out) throws Exception {
        if (!(waitForConsumer >= 0) || Double.isInfinite(waitForConsumer)) {
            throw new UserException("--wait-for-consumer " + waitForConsumer + ": must be a number of seconds >= 0");
        }
        // any XDF: a LabRecorder file has no Apical streams and may hold markers only
        XdfFile xdf = XdfReader.readNamed(file);
        if (xdf.streams().stream().allMatch(s -> s.samples() == 0)) {
            throw new UserException(file + ": holds no samples to publish (streams: "
                    + xdf.streams().stream().map(XdfStream::name).toList() + ")");
        }
        try (RecordedStreamPublisher p = new RecordedStreamPublisher(xdf, Sources.lslConfig(scope));
             StopOnSignal _ = StopOnSignal.install(() -> "re-streaming " + file, p::stop)) {
            out.println("apical replay --publish: re-streaming " + p.streamNames() + " (scope " + scope + ")");
            if (waitForConsumer > 0) {
                out.printf(Locale.ROOT, "waiting up to %s s for a consumer (--wait-for-consumer 0 starts at once)%n",
                        java.math.BigDecimal.valueOf(waitForConsumer).stripTrailingZeros().toPlainString());
            }
            out.flush();
            RecordedStreamPublisher.Wait wait = p.awaitConsumers(waitForConsumer, SETTLE_SECONDS);
            if (waitForConsumer > 0) {
                out.printf(Locale.ROOT, wait.consumed().isEmpty() ? "no consumer after %.2f s; starting anyway%n"
                        : "consumers of %2$s after %1$.2f s; starting%n", wait.seconds(), wait.consumed());
            }
            long t0 = System.nanoTime();
            long samples = p.run(pacer.unpaced() ? new Pacer(1) : pacer);
            double wall = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "published %d samples in %.2f s%n", samples, wall);
            if (json) {
                Map<String, Object> m = Json.object();
                m.put("file", file.toString());
                m.put("streams", p.streamNames());
                m.put("samples", samples);
                m.put("wall_s", wall);
                m.put("waited_s", wait.seconds());
                m.put("consumed_streams", wait.consumed());
                out.println(Json.line(m));
            }
        }
        return 0;
    }

    private String text(Path override, String recorded, String option) throws java.io.IOException {
        if (override != null) return Files.readString(UserFiles.resolve(override.toString()));
        if (recorded == null) {
            throw new UserException(file + ": holds no recorded definitions (no ApicalConfig stream); give " + option
                    + " (and the other definitions) to replay it");
        }
        return recorded;
    }

    /** The recorded event markers stamped up to {@code t}, the last frame before a hole (events carry their frame's). */
    private static List<String> eventsUpTo(RecordedSession rec, double t) {
        List<String> markers = rec.eventMarkers();
        double[] at = rec.events().rawTimestamps();
        List<String> before = new java.util.ArrayList<>();
        for (int i = 0; i < markers.size(); i++) if (at[i] <= t) before.add(markers.get(i));
        return before;
    }

    private static String describe(ReplayComparison.Hole h) {
        return h.missing() < 0
                ? "input frames are missing from the file before frame " + h.frame() + ", and the frames from there on"
                        + " match none of the recorded decisions (their timestamps were lost with them)"
                : h.missing() + " input frames the session decided on are missing from the file before frame " + h.frame();
    }

    private static String describe(Boolean same, long mismatches) {
        return same == null ? "n/a (nothing recorded to compare)" : same ? "yes" : "NO (" + mismatches + " frames differ)";
    }
}
