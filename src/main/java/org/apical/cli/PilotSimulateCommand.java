package org.apical.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.config.DecoderConfig;
import org.apical.config.Definitions;
import org.apical.core.UserException;
import org.apical.pilot.LearningReport;
import org.apical.pilot.SimulatedLearning;
import org.apical.pilot.Sweep;
import org.apical.pilot.SweepRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code apical pilot simulate --decoder D ... --seeds N}: decoders in the closed loop with the simulated animal. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Each decoder in the closed loop with the simulated population and its",
                "learner, one session per seed, seeds in parallel: learning curves (hit",
                "rate per block of trials) compared between decoders, with their spread",
                "across seeds. --sweep runs a grid of one decoder's settings instead."})
public final class PilotSimulateCommand implements Callable<Integer> {
    @Option(names = "--decoder", required = true, paramLabel = "D", description = "Decoder file (repeat for several).")
    List<String> decoders = new ArrayList<>();

    @Option(names = "--seeds", defaultValue = "8", description = "Simulated animals (seeds 1..N; default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--duration", defaultValue = "1200", description = "Seconds per session (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--block", defaultValue = "10", description = "Trials per block of the learning curve"
            + " (default: ${DEFAULT-VALUE}).")
    int block;

    @Option(names = "--rig", defaultValue = "rigs/sim.yaml", description = "Simulated rig (default: ${DEFAULT-VALUE}).")
    String rig;

    @Option(names = "--stimulus", defaultValue = "stimuli/grating.yaml", description = "Stimulus (default: ${DEFAULT-VALUE}).")
    String stimulus;

    @picocli.CommandLine.Mixin
    PilotOptions common = new PilotOptions();

    @Override public Integer call() throws Exception {
        PilotCommand.positive(seeds, "--seeds");
        PilotCommand.positive(block, "--block");
        if (!(duration > 0)) throw new UserException("--duration must be above 0 seconds, found " + duration);
        List<Long> seedList = new ArrayList<>();
        for (long s = 1; s <= seeds; s++) seedList.add(s);
        PrintStream out = System.out;
        List<Definitions> defs = new ArrayList<>();
        for (String d : decoders) {
            defs.add(Definitions.load(UserFiles.resolve(rig), UserFiles.resolve(d), UserFiles.resolve(stimulus)));
        }
        if (!defs.getFirst().rig().input().simulated()) {
            throw new UserException(rig + ": input.source: a simulated closed loop needs the simulated rig (sim)");
        }
        if (!common.sweeps.isEmpty()) {
            if (defs.size() != 1) throw new UserException("--sweep varies one decoder: give exactly one --decoder");
            List<String> metrics = SimulatedLearning.METRICS;
            List<Sweep.Constraint> constraints = PilotSweeps.constraints(common, metrics);
            Sweep.Goal goal = Sweep.Goal.parse(common.best == null ? "max:hit_rate_last_block" : common.best, metrics);
            DecoderConfig base = defs.getFirst().decoder();
            Sweep sweep = Sweep.of(base, PilotSweeps.axes(common));
            long t0 = System.nanoTime();
            List<Sweep.Outcome> outcomes = SweepRuns.simulated(sweep, defs.getFirst(), seedList, duration, block,
                    constraints, common.threads(), common.progress("sweep", sweep.points().size() * seeds));
            double wall = (System.nanoTime() - t0) / 1e9;
            String header = String.format(Locale.ROOT, "Simulated closed-loop sweep of %s: %d settings × %d seeds of"
                    + " %.0f s on %d threads, %.2f s. Figures are means over the seeds.", base.file(),
                    sweep.points().size(), seeds, duration, common.threads(), wall);
            return PilotSweeps.finish(common, out, "Decoder sweep (simulated closed loop)", "simulated_sweep", sweep,
                    outcomes, constraints, goal, List.of(header), wall);
        }
        List<SimulatedLearning.SeedRun> runs;
        long t0 = System.nanoTime();
        record Job(Definitions d, String name, long seed) {}
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < defs.size(); i++) {
            for (long s : seedList) jobs.add(new Job(defs.get(i), PilotCommand.stem(decoders.get(i)), s));
        }
        runs = SimulatedLearning.runAll(jobs.stream().map(j -> new SimulatedLearning.Job(j.d(), j.name(), j.seed(),
                duration, block)).toList(), common.threads(), common.progress("simulate", jobs.size()));
        double wall = (System.nanoTime() - t0) / 1e9;
        List<SimulatedLearning.Curve> curves = SimulatedLearning.curves(runs);
        Path dir = common.outDir();
        List<Path> files = LearningReport.write(dir, runs, curves, block, duration);
        out.printf(Locale.ROOT, "apical pilot simulate: %d decoder(s) × %d seeds of %.0f s, %d threads, %.2f s%n",
                defs.size(), seeds, duration, common.threads(), wall);
        out.print(Files.readString(dir.resolve("summary.md")).lines().filter(l -> l.startsWith("|"))
                .reduce("", (a, b) -> a + b + "\n"));
        out.println("report: " + dir);
        if (common.json) {
            Map<String, Object> m = Json.object();
            m.put("mode", "simulated");
            m.put("seeds", seeds);
            m.put("duration_s", duration);
            m.put("block_trials", block);
            m.put("threads", common.threads());
            m.put("wall_s", Math.round(wall * 1000) / 1000.0);
            List<Map<String, Object>> ds = new ArrayList<>();
            for (SimulatedLearning.Curve c : curves) {
                Map<String, Object> x = Json.object();
                x.put("decoder", c.decoder());
                List<SimulatedLearning.SeedRun> mine = runs.stream().filter(r -> r.decoder().equals(c.decoder())).toList();
                x.put("hit_rate_mean", Json.number(mine.stream().mapToDouble(r -> r.figures().hitRateOrNaN()).average().orElse(Double.NaN)));
                x.put("rewards_mean", mine.stream().mapToInt(r -> r.figures().rewards()).average().orElse(Double.NaN));
                x.put("block_mean", nums(c.mean()));
                x.put("block_sd", nums(c.sd()));
                x.put("block_min", nums(c.low()));
                x.put("block_max", nums(c.high()));
                ds.add(x);
            }
            m.put("decoders", ds);
            m.put("report", dir.toString());
            m.put("files", files.stream().map(Path::toString).toList());
            out.println(Json.line(m));
        }
        return 0;
    }

    private static List<Object> nums(double[] a) {
        List<Object> l = new ArrayList<>();
        for (double v : a) l.add(Json.number(v));
        return l;
    }
}
