package org.apical.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A learning sweep over simulated sessions: coupling grows in equal steps from the first session to the last
 * (self-coupling from {@code selfStart} to {@code selfEnd}, total lateral weight from {@code lateralStart} to
 * {@code lateralEnd}), as co-activation during task training would strengthen it. Positions and tuning stay the
 * same neurons across sessions (same spec seed).
 */
public record CoupledLearning(CoupledSpec spec, int sessions, double selfStart, double selfEnd,
                              double lateralStart, double lateralEnd) {

    public CoupledLearning {
        if (sessions < 1) throw new IllegalArgumentException("sessions must be ≥ 1, got " + sessions);
    }

    /** The sweep used by {@code apical analyze information --simulate coupled --sessions S}. */
    public static CoupledLearning defaults(CoupledSpec spec, int sessions) {
        return new CoupledLearning(spec, sessions, 1.0, 1.5, 0.0, 1.0);
    }

    /** Progress through learning: 0 at the first session, 1 at the last (1 when there is one session). */
    public double progress(int session) { return sessions == 1 ? 1 : (double) session / (sessions - 1); }

    public CoupledPopulation session(int session) {
        double p = progress(session);
        return CoupledPopulation.of(spec.withCoupling(selfStart + (selfEnd - selfStart) * p,
                lateralStart + (lateralEnd - lateralStart) * p));
    }

    /** Exact information per session (full lateral coupling, i.e. late in the trial). */
    public List<CoupledTruth> truths() {
        List<CoupledTruth> out = new ArrayList<>(sessions);
        for (int k = 0; k < sessions; k++) out.add(session(k).exact());
        return out;
    }
}
