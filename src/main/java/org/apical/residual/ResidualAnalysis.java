package org.apical.residual;

import java.util.ArrayList;
import java.util.List;

/**
 * The offline analysis of one recording's residuals ({@code apical analyze residuals}): per neuron the line D = a + b·S
 * on the reference period (the task's baseline, else the first minutes), on the whole session and per block, the
 * residual of every event against the reference line and its class, then finding 2 ({@link NetworkPrediction}) and
 * finding 3 ({@link TaskEncoding}, sessions with a task only) on those residuals.
 */
public final class ResidualAnalysis {

    /** One neuron's fits and event counts. */
    public record NeuronFit(int pair, String neuron, int role, double slope, double intercept, int referenceEvents,
                            double sessionSlope, double sessionIntercept, double[] blockSlopes, int events,
                            double residualSd, int amplified, int attenuated) {}

    /** Everything the report shows of one recording. */
    public record Result(RecordedResiduals recording, ResidualData data, List<NeuronFit> fits, NetworkResult network,
                         TaskResult task, int blocks) {
        public String condition() { return data.condition(); }
    }

    private ResidualAnalysis() {}

    public static Result run(RecordedResiduals rec, String condition, int blocks, NetworkOptions network,
                             TaskOptions task) {
        int n = rec.pairs().size();
        var cfg = rec.settings();
        List<List<ResidualEvent>> byPair = new ArrayList<>();
        for (int p = 0; p < n; p++) byPair.add(new ArrayList<>());
        for (ResidualEvent e : rec.events()) byPair.get(e.pair()).add(e);
        double start = rec.times()[0], span = rec.times()[rec.frames() - 1] - start + 1 / rec.rateHz();
        List<NeuronFit> fits = new ArrayList<>();
        List<ResidualEvent> judged = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            PairFit reference = new PairFit(), session = new PairFit();
            PairFit[] perBlock = new PairFit[blocks];
            for (int b = 0; b < blocks; b++) perBlock[b] = new PairFit();
            for (ResidualEvent e : byPair.get(p)) {
                if (cfg.coincidentOnly() && !e.coincident()) continue;
                if (rec.reference()[e.frame()]) reference.addReference(e.soma(), e.dendrite());
                session.addReference(e.soma(), e.dendrite());
                int b = (int) Math.min(blocks - 1, Math.floor((e.time() - start) / span * blocks));
                perBlock[b].addReference(e.soma(), e.dendrite());
            }
            double noise = ResidualTracker.amplitudeNoiseVariance(rec.somaNoise()[p], cfg.smoothingFrames());
            // a session with too short a baseline falls back to the whole session as its reference
            session.fitReference(cfg.minEvents(), cfg.robust(), noise);
            if (!reference.fitReference(cfg.minEvents(), cfg.robust(), noise)) reference = session;
            double[] blockSlopes = new double[blocks];
            for (int b = 0; b < blocks; b++) {
                blockSlopes[b] = perBlock[b].fitReference(cfg.minEvents(), cfg.robust(), noise)
                        ? perBlock[b].slope() : Double.NaN;
            }
            int amplified = 0, attenuated = 0, count = 0;
            double sd = reference.residualSd();
            for (ResidualEvent e : byPair.get(p)) {
                double predicted = reference.ready() ? reference.predict(e.soma()) : Double.NaN;
                double residual = e.dendrite() - predicted;
                ResidualEvent.Kind kind = Double.isNaN(residual) ? ResidualEvent.Kind.REFERENCE
                        : residual > cfg.classifySds() * sd ? ResidualEvent.Kind.AMPLIFIED
                        : residual < -cfg.classifySds() * sd ? ResidualEvent.Kind.ATTENUATED
                        : ResidualEvent.Kind.NEITHER;
                if (kind == ResidualEvent.Kind.AMPLIFIED) amplified++;
                if (kind == ResidualEvent.Kind.ATTENUATED) attenuated++;
                if (!Double.isNaN(residual)) count++;
                judged.add(new ResidualEvent(p, e.frame(), e.time(), e.soma(), e.dendrite(), predicted, residual, kind,
                        e.coincident()));
            }
            fits.add(new NeuronFit(p, rec.pairs().neurons()[p], rec.pairs().roles()[p], reference.slope(),
                    reference.intercept(), reference.referenceEvents(), session.slope(), session.intercept(),
                    blockSlopes, count, sd, amplified, attenuated));
        }
        judged.sort((a, b) -> a.frame() != b.frame() ? Integer.compare(a.frame(), b.frame())
                : Integer.compare(a.pair(), b.pair()));
        ResidualData data = data(rec, condition, judged);
        NetworkResult net = NetworkPrediction.run(data, network);
        TaskResult taskResult = rec.hasTask() ? TaskEncoding.run(data, task) : null;
        return new Result(rec, data, List.copyOf(fits), net, taskResult, blocks);
    }

    /** The analyses' view: activity is each pair's soma (channels 0..N−1) then dendrite (N..2N−1) dF/F. */
    static ResidualData data(RecordedResiduals rec, String condition, List<ResidualEvent> events) {
        int n = rec.pairs().size(), frames = rec.frames();
        double[][] activity = new double[frames][2 * n];
        for (int t = 0; t < frames; t++) {
            float[] s = rec.somaDff()[t], d = rec.dendriteDff()[t];
            for (int p = 0; p < n; p++) {
                activity[t][p] = s[p];
                activity[t][n + p] = d[p];
            }
        }
        int[] somas = new int[n], dendrites = new int[n];
        for (int p = 0; p < n; p++) {
            somas[p] = p;
            dendrites[p] = n + p;
        }
        return new ResidualData(condition, rec.rateHz(), rec.times(), activity, somas, dendrites,
                rec.pairs().neurons(), rec.pairs().roles(), events, rec.errorDeg(), rec.outcomes());
    }
}
