package org.apical.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.information.AnalysisOptions;
import org.apical.information.BootstrapIntervals;
import org.apical.information.InformationAnalysis;
import org.apical.information.InformationEstimate;
import org.apical.information.InformationException;
import org.apical.information.InformationReport;
import org.apical.information.Interval;
import org.apical.information.PopulationTrials;
import org.apical.information.SessionReport;
import org.apical.information.SessionTrials;
import org.apical.information.TrialsCsv;
import org.apical.sim.CoupledSession;
import org.apical.sim.CoupledStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.apical.core.UserException;

/**
 * {@code apical analyze information}: I_real, I_shuffle and I_redundancy of one or more sessions (a learning
 * curve when several), over time within the trial and against inter-neuron distance, into a report folder.
 * Sessions come from trials CSV files or from the coupled-population simulation.
 */
@Command(name = "information", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Population information I_real, I_shuffle and I_redundancy (bias-corrected, with bootstrap"
                + " intervals) between two conditions, over time within the trial, across sessions and against"
                + " inter-neuron distance. Writes CSV tables and PNG plots to --out.")
public final class AnalyzeInformationCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Session files, one per session in order"
            + " (.csv in the trials-CSV format, or .xdf Apical session recordings).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--trials-csv", paramLabel = "FILE", description = "A session as trials CSV (repeat for a learning"
            + " curve, in session order).")
    List<Path> trialsCsv = new ArrayList<>();

    @Option(names = "--positions", paramLabel = "FILE", description = "ROI positions CSV (neuron,x_um,y_um) for"
            + " every session; enables the distance analysis.")
    Path positions;

    @Option(names = "--simulate", paramLabel = "MODEL", description = "Simulate instead of reading files: 'coupled'.")
    String simulate;

    @Option(names = "--neurons", description = "Simulated neurons (default ${DEFAULT-VALUE}).", defaultValue = "50")
    int neurons;

    @Option(names = "--trials", description = "Simulated trials per condition (default ${DEFAULT-VALUE}).",
            defaultValue = "1000")
    int trials;

    @Option(names = "--sessions", description = "Simulated sessions of the learning sweep (default ${DEFAULT-VALUE}).",
            defaultValue = "1")
    int sessions;

    @Option(names = "--seed", description = "Seed of simulation, bootstrap and folds (default ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed;

    @Option(names = "--trial-length", paramLabel = "DURATION", description = "Simulated trial length (default"
            + " ${DEFAULT-VALUE}).", defaultValue = "1s")
    String trialLength;

    @Option(names = "--sim-resolution", paramLabel = "DURATION", description = "Simulated sample interval (default"
            + " ${DEFAULT-VALUE}).", defaultValue = "50ms")
    String simResolution;

    @Option(names = "--build-up", paramLabel = "DURATION", description = "Time constant of the lateral coupling's"
            + " build-up within a simulated trial (default ${DEFAULT-VALUE}).", defaultValue = "300ms")
    String buildUp;

    @Option(names = "--conditions", paramLabel = "A,B", description = "The two labelled sets of trials to compare,"
            + " e.g. hit,miss or early,late (default: the first two labels of a trials CSV; hit,miss for .xdf; A,B when"
            + " simulated).")
    String conditions;

    @Option(names = "--delta-s", description = "δs between the conditions (default ${DEFAULT-VALUE}: I·δs² = d′²).",
            defaultValue = "1")
    double deltaS;

    @Option(names = "--window", paramLabel = "FROM:TO", description = "Main analysis window within the trial, e.g."
            + " 200ms:1s (default: the whole trial).")
    String window;

    @Option(names = "--bin", paramLabel = "DURATION", description = "Time-resolved bin, e.g. 50ms or 200ms (default"
            + " 50ms when simulated, none otherwise).")
    String bin;

    @Option(names = "--step", paramLabel = "DURATION", description = "Step between time-resolved windows; smaller"
            + " than --bin gives sliding windows (default: = bin).")
    String step;

    @Option(names = "--bootstrap", description = "Bootstrap replicates for the intervals, 0 for none (default"
            + " ${DEFAULT-VALUE}).", defaultValue = "100")
    int bootstrap;

    @Option(names = "--level", description = "Confidence level (default ${DEFAULT-VALUE}).", defaultValue = "0.95")
    double level;

    @Option(names = "--cv-folds", description = "Folds of the cross-validated estimate, 0 for none (default"
            + " ${DEFAULT-VALUE}).", defaultValue = "5")
    int cvFolds;

    @Option(names = "--distance-bin", paramLabel = "LENGTH", description = "Distance bin width (default"
            + " ${DEFAULT-VALUE}).", defaultValue = "50um")
    String distanceBin;

    @Option(names = "--save-trials", description = "Simulated: also write each session as trials CSV (+ positions)"
            + " into the report folder.")
    boolean saveTrials;

    @Option(names = "--align", paramLabel = "EVENT", description = "XDF sessions: event each trial is aligned to,"
            + " trial_start or feedback_start (default ${DEFAULT-VALUE}).", defaultValue = "feedback_start")
    String align;

    @Option(names = "--channels", paramLabel = "KIND", description = "XDF sessions: soma, dendrite or all channels"
            + " of the input stream (default ${DEFAULT-VALUE}; soma includes spike units).", defaultValue = "soma")
    String channels;

    @Option(names = "--before", paramLabel = "DURATION", description = "XDF sessions: trial window start before the"
            + " alignment event (default ${DEFAULT-VALUE}).", defaultValue = "1s")
    String before;

    @Option(names = "--after", paramLabel = "DURATION", description = "XDF sessions: trial window end after the"
            + " alignment event (default ${DEFAULT-VALUE}).", defaultValue = "2s")
    String after;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder (created).")
    Path out;

    @Option(names = "--json", description = "Print one JSON object with the measures as the last line.")
    boolean json;

    @Override
    public Integer call() {
        try {
            return run();
        } catch (InformationException e) {
            throw new UserException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new UserException(e.getMessage(), e);
        }
    }

    private int run() throws java.io.IOException {
        boolean simulated = simulate != null;
        List<Path> sources = new ArrayList<>(files);
        sources.addAll(trialsCsv);
        if (simulated && !sources.isEmpty()) throw new UserException("give either --simulate or session files, not both");
        if (!simulated && sources.isEmpty()) {
            throw new UserException("nothing to analyse: give session files (FILE.csv, --trials-csv) or --simulate coupled");
        }
        if (simulated && !simulate.equals("coupled")) {
            throw new UserException("--simulate: unknown model '" + simulate + "' (available: coupled)");
        }
        if (deltaS == 0 || !Double.isFinite(deltaS)) throw new UserException("--delta-s must be a non-zero number");
        double binSeconds = bin != null ? Quantities.seconds("--bin", bin) : simulated ? 0.05 : Double.NaN;
        double stepSeconds = step != null ? Quantities.seconds("--step", step) : binSeconds;
        double[] win = parseWindow();
        double distanceUm = Quantities.micrometres("--distance-bin", distanceBin);

        List<SessionReport> reports = new ArrayList<>();
        String[] conds;
        if (simulated) {
            conds = parseConditions(CoupledSession.CONDITION_A + "," + CoupledSession.CONDITION_B);
            if (!List.of(conds).equals(List.of(CoupledSession.CONDITION_A, CoupledSession.CONDITION_B))) {
                throw new UserException("--conditions: simulated sessions have conditions A and B, got " + conditions);
            }
            if (neurons < 1 || trials < 2 || sessions < 1) {
                throw new UserException("--neurons, --trials and --sessions must be positive (trials ≥ 2)");
            }
            double resolution = Quantities.seconds("--sim-resolution", simResolution);
            double length = Quantities.seconds("--trial-length", trialLength);
            double tau = Quantities.seconds("--build-up", buildUp);
            CoupledStudy study = new CoupledStudy(neurons, trials, sessions, seed, deltaS, resolution, length, tau,
                    saveTrials ? out : null);
            if (study.bytesNeeded() > 2_000_000_000L) {
                throw new UserException("the simulated session would need " + study.bytesNeeded() / 1_000_000
                        + " MB; use fewer --trials or --neurons, or a coarser --sim-resolution / shorter --trial-length");
            }
            String[] c = conds;
            reports.addAll(study.run(data -> analyse(data, c, binSeconds, stepSeconds, win, distanceUm), System.err));
        } else {
            conds = null;
            for (int k = 0; k < sources.size(); k++) {
                Path f = sources.get(k);
                System.err.println("analyze information: reading " + f);
                boolean xdf = f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xdf");
                PopulationTrials data = xdf ? readXdf(f, parseConditions("hit,miss"), binSeconds)
                        : readWithPositions(f);
                String[] c = conditions != null || xdf ? parseConditions("hit,miss") : firstTwo(data);
                if (conds == null) conds = c;
                reports.add(analyse(data, c, binSeconds, stepSeconds, win, distanceUm));
            }
        }
        List<Path> written = InformationReport.write(out, reports);
        printHuman(reports, conds, level);
        System.out.println("report: " + out.toAbsolutePath());
        if (json) System.out.println(Json.line(jsonSummary(reports, conds, simulated, written)));
        return 0;
    }

    private SessionReport analyse(PopulationTrials data, String[] c, double bin, double step, double[] win,
                                  double distanceUm) {
        System.err.println("analyze information: " + data.source() + ": " + data.neurons() + " neurons, conditions "
                + data.describeConditions());
        AnalysisOptions o = new AnalysisOptions(c[0], c[1], deltaS, win[0], win[1], bin, step, bootstrap, level,
                cvFolds, distanceUm, seed);
        return InformationAnalysis.analyze(data, o);
    }

    /** Opens a trials-CSV session file (.xdf recordings go through {@code SessionTrials} in {@code readXdf}). */
    static PopulationTrials read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) return TrialsCsv.read(file, null);
        throw new UserException(file + ": unknown session file type (expected .csv or .xdf)");
    }

    private PopulationTrials readXdf(Path f, String[] c, double binSeconds) {
        SessionTrials.Align a = switch (align.strip().toLowerCase(Locale.ROOT)) {
            case "trial_start" -> SessionTrials.Align.TRIAL_START;
            case "feedback_start" -> SessionTrials.Align.FEEDBACK_START;
            default -> throw new UserException("--align: expected trial_start or feedback_start, got '" + align + "'");
        };
        SessionTrials.Channels ch = switch (channels.strip().toLowerCase(Locale.ROOT)) {
            case "soma" -> SessionTrials.Channels.SOMA;
            case "dendrite" -> SessionTrials.Channels.DENDRITE;
            case "all" -> SessionTrials.Channels.ALL;
            default -> throw new UserException("--channels: expected soma, dendrite or all, got '" + channels + "'");
        };
        double b = Double.isNaN(binSeconds) ? 0.05 : binSeconds;
        double pre = Quantities.secondsFromOnset("--before", before);
        SessionTrials.Options o = new SessionTrials.Options(a, ch, pre, Quantities.seconds("--after", after), b, 30.0);
        PopulationTrials d = SessionTrials.read(f, c[0], c[1], o);
        if (positions == null) return d;
        return new PopulationTrials(d.source(), d.neuronNames(), d.binStarts(), d.binSeconds(), d.trials(),
                TrialsCsv.readPositions(positions, d.neuronNames()));
    }

    private PopulationTrials readWithPositions(Path file) {
        PopulationTrials d = read(file);
        if (positions == null) return d;
        return new PopulationTrials(d.source(), d.neuronNames(), d.binStarts(), d.binSeconds(), d.trials(),
                TrialsCsv.readPositions(positions, d.neuronNames()));
    }

    private String[] parseConditions(String fallback) {
        String text = conditions != null ? conditions : fallback;
        String[] c = text.split(",", -1);
        if (c.length != 2 || c[0].isBlank() || c[1].isBlank()) {
            throw new UserException("--conditions: give two labels separated by a comma, e.g. hit,miss (got '" + text + "')");
        }
        return new String[] {c[0].strip(), c[1].strip()};
    }

    private static String[] firstTwo(PopulationTrials data) {
        List<String> labels = new ArrayList<>(data.conditions().keySet());
        if (labels.size() < 2) {
            throw new UserException(data.source() + ": needs two conditions to compare, found " + data.describeConditions());
        }
        if (labels.size() > 2) {
            throw new UserException(data.source() + ": has conditions " + data.describeConditions()
                    + "; choose two with --conditions A,B");
        }
        return new String[] {labels.get(0), labels.get(1)};
    }

    private double[] parseWindow() {
        if (window == null) return new double[] {Double.NaN, Double.NaN};
        String[] p = window.split(":", -1);
        if (p.length != 2) throw new UserException("--window: expected FROM:TO, e.g. 200ms:1s (got '" + window + "')");
        double from = Quantities.secondsFromOnset("--window", p[0]);
        double to = Quantities.seconds("--window", p[1]);
        if (!(to > from)) throw new UserException("--window: " + window + " must end after it starts");
        return new double[] {from, to};
    }


    private static void printHuman(List<SessionReport> reports, String[] conds, double level) {
        System.out.printf(Locale.ROOT, "conditions %s vs %s (bias-corrected; [%s%% interval]; naive in parentheses)%n",
                conds[0], conds[1], new java.math.BigDecimal(Double.toString(level * 100)).stripTrailingZeros()
                        .toPlainString());
        for (SessionReport r : reports) {
            InformationEstimate e = r.estimate();
            BootstrapIntervals ci = r.intervals();
            System.out.printf(Locale.ROOT, "%s: N=%d, T=%d/%d, window %.3f–%.3f s%n", r.session(), e.neurons(),
                    e.trialsA(), e.trialsB(), r.windowFrom(), r.windowTo());
            line("I_real", e.realCorrected(), e.realNaive(), ci == null ? null : ci.real(),
                    r.truth() == null ? Double.NaN : r.truth().real());
            line("I_shuffle", e.shuffleCorrected(), e.shuffleNaive(), ci == null ? null : ci.shuffle(),
                    r.truth() == null ? Double.NaN : r.truth().shuffle());
            line("I_redundancy", e.redundancyCorrected(), e.redundancyNaive(), ci == null ? null : ci.redundancy(),
                    r.truth() == null ? Double.NaN : r.truth().redundancy());
            if (r.crossValidated() != null) {
                System.out.printf(Locale.ROOT, "  %-13s %9.4f  (%d-fold, shrinkage %.3f)%n", "I_real (cv)",
                        r.crossValidated().corrected(), r.crossValidated().folds(), r.crossValidated().shrinkage());
            }
        }
    }

    private static void line(String name, double bc, double naive, Interval ci, double truth) {
        if (Double.isNaN(bc)) {
            System.out.printf(Locale.ROOT, "  %-13s n/a (T_a + T_b ≤ N + 3: too few trials for the bias-corrected"
                    + " estimate; see I_real (cv))%n", name);
            return;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-13s %9.4f", name, bc));
        if (ci != null) sb.append(String.format(Locale.ROOT, " [%.4f, %.4f]", ci.low(), ci.high()));
        sb.append(String.format(Locale.ROOT, "  (naive %.4f)", naive));
        if (Double.isFinite(truth)) sb.append(String.format(Locale.ROOT, "  model %.4f", truth));
        System.out.println(sb);
    }

    private Map<String, Object> jsonSummary(List<SessionReport> reports, String[] conds, boolean simulated,
                                            List<Path> written) {
        Map<String, Object> m = Json.object();
        m.put("command", "analyze information");
        m.put("source", simulated ? "simulate:coupled" : "files");
        m.put("conditions", List.of(conds[0], conds[1]));
        m.put("delta_s", deltaS);
        SessionReport last = reports.getLast();
        m.putAll(measures(last));
        List<Map<String, Object>> list = new ArrayList<>();
        for (SessionReport r : reports) {
            Map<String, Object> s = Json.object();
            s.put("session", r.session());
            s.putAll(measures(r));
            list.add(s);
        }
        m.put("sessions", list);
        m.put("report", out.toAbsolutePath().toString());
        m.put("files", written.stream().map(p -> p.getFileName().toString()).toList());
        return m;
    }

    private static Map<String, Object> measures(SessionReport r) {
        InformationEstimate e = r.estimate();
        BootstrapIntervals ci = r.intervals();
        Map<String, Object> m = Json.object();
        m.put("neurons", e.neurons());
        m.put("trials_a", e.trialsA());
        m.put("trials_b", e.trialsB());
        m.put("window_from_s", r.windowFrom());
        m.put("window_to_s", r.windowTo());
        m.put("real_naive", Json.number(e.realNaive()));
        m.put("real_bc", Json.number(e.realCorrected()));
        m.put("real_ci", ci == null ? null : List.of(Json.number(ci.real().low()), Json.number(ci.real().high())));
        m.put("shuffle_naive", Json.number(e.shuffleNaive()));
        m.put("shuffle_bc", Json.number(e.shuffleCorrected()));
        m.put("shuffle_ci", ci == null ? null
                : List.of(Json.number(ci.shuffle().low()), Json.number(ci.shuffle().high())));
        m.put("redundancy_naive", Json.number(e.redundancyNaive()));
        m.put("redundancy_bc", Json.number(e.redundancyCorrected()));
        m.put("redundancy_ci", ci == null ? null
                : List.of(Json.number(ci.redundancy().low()), Json.number(ci.redundancy().high())));
        m.put("ci_level", ci == null ? null : ci.real().level());
        m.put("shared_fraction", Json.number(e.sharedFraction()));
        m.put("real_cv", r.crossValidated() == null ? null : Json.number(r.crossValidated().corrected()));
        if (r.truth() != null) {
            Map<String, Object> t = Json.object();
            t.put("real", Json.number(r.truth().real()));
            t.put("shuffle", Json.number(r.truth().shuffle()));
            t.put("redundancy", Json.number(r.truth().redundancy()));
            m.put("truth", t);
        }
        return m;
    }
}
