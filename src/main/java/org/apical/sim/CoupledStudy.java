package org.apical.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apical.information.KnownInformation;
import org.apical.information.PopulationTrials;
import org.apical.information.SessionReport;
import org.apical.information.TimeBinResult;
import org.apical.information.TrialsCsv;

/**
 * A learning study on simulated populations with known coupling: one session per learning stage, each analysed and
 * held against the information the model says it has, over the whole window and per time bin.
 *
 * @param trialSeconds   length of a simulated trial
 * @param resolution     the simulation's time step (s)
 * @param buildUp        the time constant of the coupling's build-up after onset (s)
 * @param saveTrialsTo   a folder for each session's trials and positions as CSV, or null
 */
public record CoupledStudy(int neurons, int trials, int sessions, long seed, double deltaS, double resolution,
                           double trialSeconds, double buildUp, Path saveTrialsTo) {

    /** The bytes the simulated sessions' trials need at once (for a refusal before allocating them). */
    public long bytesNeeded() {
        return 2L * trials * neurons * Math.max(1, Math.round(trialSeconds / resolution)) * 8;
    }

    /** Simulates every session, analyses it with {@code analyse}, and attaches the known information. */
    public List<SessionReport> run(Function<PopulationTrials, SessionReport> analyse, PrintStream log)
            throws IOException {
        List<SessionReport> reports = new ArrayList<>();
        CoupledLearning sweep = CoupledLearning.defaults(CoupledSpec.defaults(neurons, seed), sessions);
        for (int k = 0; k < sessions; k++) {
            String name = sessions == 1 ? "simulated" : "session " + (k + 1);
            log.printf(Locale.ROOT, "analyze information: %s: simulating %d neurons × %d trials per condition%n",
                    name, neurons, trials);
            CoupledPopulation pop = sweep.session(k);
            PopulationTrials data = CoupledSession.simulate(name, pop, trials, deltaS, resolution, trialSeconds,
                    buildUp, seed * 1_000_003L + k);
            if (saveTrialsTo != null) {
                Files.createDirectories(saveTrialsTo);
                TrialsCsv.write(data, saveTrialsTo.resolve("trials-" + (k + 1) + ".csv"),
                        saveTrialsTo.resolve("positions-" + (k + 1) + ".csv"));
            }
            SessionReport r = analyse.apply(data);
            CoupledWindowTruth truth = new CoupledWindowTruth(pop, data.binStarts(), data.binSeconds(), buildUp);
            List<KnownInformation> perBin = new ArrayList<>();
            for (TimeBinResult t : r.timeBins()) perBin.add(known(truth.window(t.fromS(), t.toS())));
            reports.add(r.withTruth(known(truth.window(r.windowFrom(), r.windowTo())), perBin));
        }
        return reports;
    }

    private static KnownInformation known(CoupledTruth t) { return new KnownInformation(t.real(), t.shuffle()); }
}
