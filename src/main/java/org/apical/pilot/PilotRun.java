package org.apical.pilot;

import java.util.List;
import org.apical.config.DecoderConfig;
import org.apical.config.Definitions;
import org.apical.core.Stage;
import org.apical.replay.ReplayComparison;
import org.apical.reward.SimulatedRewardOutput;
import org.apical.session.Session;
import org.apical.session.SessionSummary;

/**
 * One decoder over one recording, open loop: the recorded activity through the session's decision path (decode →
 * task → books, the dF/F computed once per channel by the session's normaliser), rewards to a simulated output. The
 * animal never saw this decoder's feedback, so the figures describe chance behaviour under it.
 */
public final class PilotRun {
    private PilotRun() {}

    /** How a row of the comparison came about. */
    public enum Kind {
        /** The decoder run over the recorded activity. */
        OPEN_LOOP,
        /**
         * The recording's own decoder over its activity rotated by half the task period: its trials fall where the
         * animal was not doing them, so this is that decoder's chance beside what the animal did with it.
         */
        OPEN_LOOP_SHIFTED,
        /** What the recording says its own decoder did in the closed loop, with the animal. */
        CLOSED_LOOP_RECORDED
    }

    /**
     * @param decoder              how the row names the decoder (its file, "recorded", or a sweep's settings)
     * @param floor                the calibration floor R the run used (NaN if it never calibrated)
     * @param identicalToRecording for the recorded decoder on its own recording: whether every angle, state, reward
     *                             and outcome equals the recorded ones (what {@code apical replay} checks); else null
     */
    public record Result(String decoder, String recording, Kind kind, PilotFigures figures, double floor,
                         double threshold, Boolean identicalToRecording) {}

    public static Result openLoop(PilotRecording rec, Definitions defs, String name) {
        return openLoop(rec, defs, name, false, null);
    }

    /**
     * @param compare  compare every frame with the recording's own decisions (only meaningful with its definitions)
     * @param observer sees every decided frame (may be null)
     */
    public static Result openLoop(PilotRecording rec, Definitions defs, String name, boolean compare, Stage observer) {
        return run(rec, defs, name, compare, false, observer);
    }

    /** The recording's own decoder over its activity decoupled from the trials the animal did ({@link Kind#OPEN_LOOP_SHIFTED}). */
    public static Result shifted(PilotRecording rec) {
        return run(rec, rec.recorded(), "recorded", false, true, null);
    }

    private static Result run(PilotRecording rec, Definitions defs, String name, boolean compare, boolean shifted,
                              Stage observer) {
        DecoderConfig d = rec.check(defs);
        Definitions run = defs.withDecoder(d);
        NormalisedSource source = rec.source(d, Session.decodedChannels(d));
        if (shifted) {
            var b = d.task().baseline();
            int from = (int) Math.min(rec.frames(), b.inFrames() ? b.value() + 1 : Math.round(b.value() * rec.rate()) + 1);
            source.rotated(from, Math.max(1, (rec.frames() - from) / 2));
        }
        Session s = Session.normalisedBySource(run, source, List.of(new SimulatedRewardOutput()));
        s.setOffline(true);
        Occupancy occupancy = new Occupancy(d, run.stimulus());
        ReplayComparison comparison = compare ? new ReplayComparison(rec.session().decoder()) : null;
        try {
            s.runHere(f -> {
                occupancy.onFrame(f);
                if (comparison != null) comparison.onEvent(f, f.sequence, false);
                if (observer != null) observer.onFrame(f);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        SessionSummary summary = SessionSummary.of(s);
        PilotFigures figures = PilotFigures.of(summary.outcomes(), summary.rewards(), s.monitor().lastTimestamp(),
                occupancy);
        Boolean identical = null;
        if (comparison != null) {
            boolean outcomes = ReplayComparison.outcomes(comparison.events())
                    .equals(ReplayComparison.outcomes(rec.session().eventMarkers()));
            identical = Boolean.TRUE.equals(comparison.anglesIdentical())
                    && Boolean.TRUE.equals(comparison.rewardsIdentical())
                    && Boolean.TRUE.equals(comparison.statesIdentical()) && outcomes;
        }
        return new Result(name, rec.file().toString(), shifted ? Kind.OPEN_LOOP_SHIFTED : Kind.OPEN_LOOP, figures, s.decoder().floor(),
                s.decoder().threshold(), identical);
    }

    /** The recorded decoder's closed-loop figures, from what the recording holds. */
    public static Result recordedClosedLoop(PilotRecording rec) {
        return new Result("recorded", rec.file().toString(), Kind.CLOSED_LOOP_RECORDED, RecordedFigures.of(rec),
                Double.NaN, Double.NaN, null);
    }
}
