package org.apical.pilot;

import java.util.List;
import org.apical.config.Definitions;
import org.apical.config.StimulusConfig;

/** The two kinds of sweep: each setting open loop over every recording, or in the simulated closed loop per seed. */
public final class SweepRuns {
    private SweepRuns() {}

    public static List<Sweep.Outcome> openLoop(Sweep sweep, List<PilotRecording> recordings, StimulusConfig stimulus,
                                               StimulusConfig fallbackStimulus, List<Sweep.Constraint> constraints,
                                               int threads, Progress progress) {
        for (Sweep.Point p : sweep.points()) {
            for (PilotRecording rec : recordings) rec.check(OpenLoop.definitions(rec, p.decoder(), stimulus, fallbackStimulus));
        }
        return sweep.run(recordings.size(), (p, k) -> {
            PilotRecording rec = recordings.get(k);
            return PilotRun.openLoop(rec, OpenLoop.definitions(rec, p.decoder(), stimulus, fallbackStimulus), p.label());
        }, r -> Sweep.metrics(r.figures()), constraints, threads, progress);
    }

    /** @param base the rig and stimulus every setting runs with (its decoder is replaced by each setting's) */
    public static List<Sweep.Outcome> simulated(Sweep sweep, Definitions base, List<Long> seeds, double seconds,
                                                int block, List<Sweep.Constraint> constraints, int threads,
                                                Progress progress) {
        for (Sweep.Point p : sweep.points()) Definitions.forRecording(base.rig(), p.decoder(), base.stimulus());
        return sweep.run(seeds.size(), (p, k) -> SimulatedLearning.run(base.withDecoder(p.decoder()), p.label(),
                seeds.get(k), seconds, block), SimulatedLearning::metrics, constraints, threads, progress);
    }
}
