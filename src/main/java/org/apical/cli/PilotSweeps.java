package org.apical.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apical.config.DecoderConfig;
import org.apical.config.StimulusConfig;
import org.apical.core.UserException;
import org.apical.pilot.OpenLoop;
import org.apical.pilot.PilotFigures;
import org.apical.pilot.PilotRecording;
import org.apical.pilot.PilotReport;
import org.apical.pilot.PilotRun;
import org.apical.pilot.Sweep;
import org.apical.pilot.SweepAxis;
import org.apical.pilot.SweepReport;
import org.apical.pilot.SweepRuns;

/** The text and {@code --json} of pilot results and sweeps (field names documented in README.md). */
final class PilotSweeps {
    private PilotSweeps() {}

    static String table(List<PilotRun.Result> results) {
        return org.apical.pilot.PilotTables.text(results);
    }

    static List<Map<String, Object>> json(List<PilotRun.Result> results) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (PilotRun.Result r : results) {
            Map<String, Object> m = Json.object();
            m.put("decoder", r.decoder());
            m.put("recording", r.recording());
            m.put("run", r.kind().name().toLowerCase(Locale.ROOT));
            figures(m, r.figures());
            m.put("floor", Json.number(r.floor()));
            m.put("threshold", Json.number(r.threshold()));
            m.put("identical_to_recording", r.identicalToRecording());
            list.add(m);
        }
        return list;
    }

    static void figures(Map<String, Object> m, PilotFigures f) {
        m.put("trials", f.trials());
        m.put("hits", f.hits());
        m.put("hit_rate", f.hitRate());
        m.put("ttt_median_s", Json.number(f.tttMedian()));
        m.put("ttt_q1_s", Json.number(f.tttQ1()));
        m.put("ttt_q3_s", Json.number(f.tttQ3()));
        m.put("rewards", f.rewards());
        m.put("rewards_per_min", Json.number(f.rewardsPerMinute()));
        m.put("floor_failures", f.floorFailures());
        m.put("timeouts", f.timeouts());
        m.put("occupancy_kind", f.occupancyKind());
        List<Object> occ = new ArrayList<>();
        for (double v : f.occupancy()) occ.add(Json.number(v));
        m.put("occupancy", occ);
    }

    static List<SweepAxis> axes(PilotOptions o) { return o.sweeps.stream().map(SweepAxis::parse).toList(); }

    static List<Sweep.Constraint> constraints(PilotOptions o, List<String> metrics) {
        return o.within.stream().map(w -> Sweep.Constraint.parse(w, metrics)).toList();
    }

    static int openLoop(PilotOptions o, List<PilotRecording> recs, List<OpenLoop.Candidate> candidates,
                        StimulusConfig given, StimulusConfig fallback, PrintStream out) {
        if (candidates.size() != 1) {
            throw new UserException("--sweep varies one decoder: give exactly one --decoder (or none for the"
                    + " recording's own), found " + candidates.size());
        }
        DecoderConfig base = candidates.getFirst().decoder();
        if (base == null) {
            if (recs.getFirst().recorded() == null) {
                throw new UserException(recs.getFirst().file() + ": holds no recorded decoder; give --decoder FILE to sweep");
            }
            base = recs.getFirst().recorded().decoder();
        }
        List<String> metrics = org.apical.pilot.PilotTables.OPEN_LOOP_METRICS;
        List<Sweep.Constraint> constraints = constraints(o, metrics);
        Sweep.Goal goal = Sweep.Goal.parse(o.best == null ? "min:ttt_median_s" : o.best, metrics);
        Sweep sweep = Sweep.of(base, axes(o));
        long t0 = System.nanoTime();
        List<Sweep.Outcome> outcomes = SweepRuns.openLoop(sweep, recs, given, fallback, constraints, o.threads(),
                o.progress("sweep", sweep.points().size() * recs.size()));
        double wall = (System.nanoTime() - t0) / 1e9;
        String header = String.format(Locale.ROOT, "Open-loop sweep of %s over %s: %d settings × %d recordings on %d"
                + " threads, %.2f s.", base.file(), recs.stream().map(r -> r.file().toString()).toList(),
                sweep.points().size(), recs.size(), o.threads(), wall);
        return finish(o, out, "Decoder sweep (open loop)", "open_loop_sweep", sweep, outcomes, constraints, goal,
                List.of(header, PilotReport.CHANCE), wall);
    }

    static int finish(PilotOptions o, PrintStream out, String title, String mode, Sweep sweep,
                      List<Sweep.Outcome> outcomes, List<Sweep.Constraint> constraints, Sweep.Goal goal,
                      List<String> header, double wall) {
        Sweep.Outcome best = Sweep.best(outcomes, goal);
        Path dir = o.outDir();
        List<Path> files = SweepReport.write(dir, title, sweep, outcomes, constraints, goal, best, header);
        for (String h : header) out.println(h);
        long feasible = outcomes.stream().filter(Sweep.Outcome::feasible).count();
        out.println(best == null ? "no setting meets the constraints (" + feasible + " of " + outcomes.size() + ")"
                : String.format(Locale.ROOT, "best setting (%s): %s — %s %.4g; %d of %d settings meet the constraints",
                goal.text(), best.point().label(), goal.metric(), best.metrics().get(goal.metric()), feasible,
                outcomes.size()));
        out.println("report: " + dir);
        if (o.json) {
            Map<String, Object> m = Json.object();
            m.put("mode", mode);
            List<Map<String, Object>> axes = new ArrayList<>();
            for (SweepAxis a : sweep.axes()) {
                Map<String, Object> x = Json.object();
                x.put("field", a.field());
                x.put("values", a.values());
                axes.add(x);
            }
            m.put("axes", axes);
            m.put("settings", outcomes.size());
            m.put("runs", outcomes.size() * outcomes.getFirst().runs());
            m.put("threads", o.threads());
            m.put("wall_s", Math.round(wall * 1000) / 1000.0);
            List<Map<String, Object>> cs = new ArrayList<>();
            for (Sweep.Constraint c : constraints) {
                Map<String, Object> x = Json.object();
                x.put("metric", c.metric());
                x.put("low", c.low());
                x.put("high", c.high());
                cs.add(x);
            }
            m.put("constraints", cs);
            m.put("goal", goal.text());
            m.put("feasible", feasible);
            m.put("best", best == null ? null : outcome(best));
            m.put("report", dir.toString());
            m.put("files", files.stream().map(Path::toString).toList());
            out.println(Json.line(m));
        }
        return 0;
    }

    static Map<String, Object> outcome(Sweep.Outcome o) {
        Map<String, Object> m = Json.object();
        m.put("setting", o.point().index());
        Map<String, Object> values = Json.object();
        o.point().values().forEach((k, v) -> values.put(k, v));
        m.put("values", values);
        Map<String, Object> metrics = Json.object();
        o.metrics().forEach((k, v) -> metrics.put(k, Json.number(v)));
        m.put("metrics", metrics);
        return m;
    }
}
