package org.apical.pilot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apical.config.DecoderConfig;
import org.apical.config.Definitions;
import org.apical.config.StimulusConfig;
import org.apical.core.UserException;

/**
 * Several decoders over several recordings, open loop, on all the threads asked for. For a recording that was itself
 * a closed-loop session three rows describe its own decoder: what the animal did with it (recorded), whether the
 * open-loop run of it reproduces that exactly, and its chance on the same activity decoupled from the trials.
 */
public final class OpenLoop {
    private OpenLoop() {}

    /** A decoder to pilot, named for the table; {@code decoder} null means each recording's own. */
    public record Candidate(String name, DecoderConfig decoder) {
        public boolean recorded() { return decoder == null; }
    }

    /**
     * @param stimulus         the stimulus to run every decoder with, or null for each recording's own
     * @param fallbackStimulus for recordings that hold none (another tool's file) when {@code stimulus} is null
     */
    public static List<PilotRun.Result> run(List<PilotRecording> recordings, List<Candidate> decoders,
                                            StimulusConfig stimulus, StimulusConfig fallbackStimulus, int threads,
                                            Progress progress) {
        List<Supplier<PilotRun.Result>> runs = new ArrayList<>();
        for (PilotRecording rec : recordings) {
            if (rec.closedLoop()) {
                runs.add(() -> {
                    PilotRun.Result same = PilotRun.openLoop(rec, rec.recorded(), "recorded", true, null);
                    PilotRun.Result closed = PilotRun.recordedClosedLoop(rec);
                    return new PilotRun.Result(closed.decoder(), closed.recording(), closed.kind(), closed.figures(),
                            same.floor(), same.threshold(), same.identicalToRecording());
                });
                runs.add(() -> PilotRun.shifted(rec));
            }
            for (Candidate c : decoders) {
                if (c.recorded()) {
                    if (rec.recorded() == null) {
                        throw new UserException(rec.file() + ": holds no recorded decoder (no ApicalConfig stream);"
                                + " give --decoder FILE to pilot it");
                    }
                    if (rec.closedLoop()) continue; // its rows are above
                    runs.add(() -> PilotRun.openLoop(rec, rec.recorded(), c.name()));
                    continue;
                }
                Definitions defs = definitions(rec, c.decoder(), stimulus, fallbackStimulus);
                rec.check(defs); // every channel problem before anything runs
                runs.add(() -> PilotRun.openLoop(rec, defs, c.name()));
            }
        }
        return Parallel.map(runs, threads, Supplier::get, progress);
    }

    /** How many runs {@link #run} makes: what a progress bar counts. */
    public static int runs(List<PilotRecording> recordings, List<Candidate> decoders) {
        int n = 0;
        for (PilotRecording rec : recordings) {
            if (rec.closedLoop()) n += 2;
            for (Candidate c : decoders) if (!(c.recorded() && rec.closedLoop())) n++;
        }
        return n;
    }

    /** The decoder with the recording's rig and (unless one is given) its stimulus. */
    public static Definitions definitions(PilotRecording rec, DecoderConfig d, StimulusConfig stimulus,
                                          StimulusConfig fallbackStimulus) {
        StimulusConfig s = stimulus != null ? stimulus
                : rec.recorded() != null ? rec.recorded().stimulus() : fallbackStimulus;
        return Definitions.forRecording(rec.rig(), d, s);
    }
}
