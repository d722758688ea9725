package org.apical.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.config.Definitions;
import org.apical.config.RigConfig;
import org.apical.config.StimulusConfig;
import org.apical.core.UserException;
import org.apical.pilot.OpenLoop;
import org.apical.pilot.PilotRecording;
import org.apical.pilot.PilotReport;
import org.apical.pilot.PilotRun;
import org.apical.pilot.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code apical pilot FILE.xdf ... --decoder D ...}: decoders over recordings, open loop, side by side. */
@Command(name = "pilot", mixinStandardHelpOptions = true,
        subcommands = {PilotCalibrateCommand.class, PilotSimulateCommand.class},
        description = {"Pilot decoders offline. Without a subcommand: open loop, every --decoder",
                "over the neural data of every recording (Apical sessions, or LabRecorder",
                "files with a numeric stream) through the same normalise → decode → task",
                "code as a live session; a side-by-side table and a report folder.",
                "--sweep runs a grid of one decoder's settings instead.",
                "Open-loop results describe chance: the animal never saw these decoders."})
public final class PilotCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FILE.xdf", description = "Recordings to pilot on.")
    List<Path> recordings = new ArrayList<>();

    @Option(names = "--decoder", paramLabel = "D", description = "Decoder file (repeat for several); 'recorded' is"
            + " each recording's own (default: recorded).")
    List<String> decoders = new ArrayList<>();

    @Option(names = "--stimulus", description = "Stimulus for every run (default: each recording's own, else"
            + " stimuli/grating.yaml).")
    String stimulus;

    @Option(names = "--rig", defaultValue = "rigs/sim.yaml", description = "Rig for recordings that hold none"
            + " (input kind, reward limits; default: ${DEFAULT-VALUE}).")
    String rig;

    @Option(names = "--stream", description = "The input stream by name, for files with several numeric streams.")
    String stream;

    @picocli.CommandLine.Mixin
    PilotOptions common = new PilotOptions();

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public Integer call() throws Exception {
        if (recordings.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give one or more recordings (FILE.xdf), or a subcommand: calibrate, simulate");
        }
        PrintStream out = System.out;
        RigConfig fallbackRig = Definitions.loadRig(UserFiles.resolve(rig));
        StimulusConfig given = stimulus == null ? null : Definitions.loadStimulus(UserFiles.resolve(stimulus));
        StimulusConfig fallback = Definitions.loadStimulus(UserFiles.resolve("stimuli/grating.yaml"));
        long t0 = System.nanoTime();
        List<PilotRecording> recs = new ArrayList<>();
        for (Path p : recordings) recs.add(PilotRecording.read(p, stream, fallbackRig));
        double readS = (System.nanoTime() - t0) / 1e9;
        List<OpenLoop.Candidate> candidates = new ArrayList<>();
        for (String d : decoders.isEmpty() ? List.of("recorded") : decoders) {
            candidates.add(d.equals("recorded") ? new OpenLoop.Candidate("recorded", null)
                    : new OpenLoop.Candidate(stem(d), Definitions.loadDecoder(UserFiles.resolve(d))));
        }
        if (!common.sweeps.isEmpty()) {
            return PilotSweeps.openLoop(common, recs, candidates, given, fallback, out);
        }
        long t1 = System.nanoTime();
        List<PilotRun.Result> results = OpenLoop.run(recs, candidates, given, fallback, common.threads(),
                common.progress("open loop", OpenLoop.runs(recs, candidates)));
        double runS = (System.nanoTime() - t1) / 1e9;
        out.printf(Locale.ROOT, "apical pilot: %d decoder(s) × %d recording(s), open loop; read %.2f s, ran %.2f s%n",
                candidates.size(), recs.size(), readS, runS);
        out.print(PilotSweeps.table(results));
        out.println(PilotReport.CHANCE);
        for (String n : PilotReport.closedLoopNotes(results)) out.println(n);
        Path dir = common.outDir();
        List<Path> files = PilotReport.write(dir, results, List.of("Recordings: " + recordings + "; decoders: "
                + candidates.stream().map(OpenLoop.Candidate::name).toList() + "."));
        out.println("report: " + dir);
        if (common.json) {
            Map<String, Object> m = Json.object();
            m.put("mode", "open_loop");
            m.put("results", PilotSweeps.json(results));
            m.put("chance_note", PilotReport.CHANCE);
            m.put("read_s", Math.round(readS * 1000) / 1000.0);
            m.put("run_s", Math.round(runS * 1000) / 1000.0);
            m.put("report", dir.toString());
            m.put("files", files.stream().map(Path::toString).toList());
            out.println(Json.line(m));
        }
        boolean reproduced = results.stream().noneMatch(r -> Boolean.FALSE.equals(r.identicalToRecording()));
        return reproduced ? 0 : 1;
    }

    static String stem(String file) {
        String n = Path.of(file).getFileName().toString();
        return n.endsWith(".yaml") ? n.substring(0, n.length() - 5) : n;
    }

    static int positive(int v, String option) {
        if (v < 1) throw new UserException(option + " must be at least 1, found " + v);
        return v;
    }
}
