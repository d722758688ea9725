package org.apical.residual;

import org.apical.config.ResidualSection;

/**
 * The soma–dendrite residuals of every pair, frame by frame: each compartment's own dF/F ({@link CompartmentDff}),
 * somatic events with their dendritic partners ({@link EventDetector}), each pair's line D = a + b·S ({@link PairFit})
 * on the reference period or running, every later event's residual D − (a + b·S) and its class, and a continuous
 * residual trace (the dendrite's smoothed dF/F minus b × the soma's; the intercept belongs to event amplitudes, which
 * are measured from a preceding minimum, not to the trace). The online side consumer and the offline analysis both
 * run this class, so they find the same events. Allocation-free per frame; an event is one record.
 */
public final class ResidualTracker {
    /** Receives every completed event (on the thread that calls {@link #step}). */
    public interface Listener { void onResidualEvent(ResidualEvent e); }

    private final ResidualSection cfg;
    private final int pairs;
    private final CompartmentDff soma, dendrite;
    private final EventDetector detector;
    private final PairFit[] fits;
    private final boolean[] fitTried;
    private final double decay;
    private final double[] trace;
    private final EventDetector.Sink onDetected = this::onEvent;
    private final double[] lastResidual;
    private final int[] amplified, attenuated, events;
    private final double[] times;
    private final boolean[] referenceAt;
    private final int timeMask;
    private final int fitDelay;
    private long frame = -1;
    private long referenceEnd = -1;
    private boolean fittedAll;
    private Listener listener;

    public ResidualTracker(ResidualSection cfg, double rate, int[] somas, int[] dendrites) {
        if (somas.length != dendrites.length) {
            throw new IllegalArgumentException(somas.length + " somas but " + dendrites.length + " dendrites");
        }
        this.cfg = cfg;
        this.pairs = somas.length;
        double window = seconds(cfg.baselineWindow(), rate);
        soma = new CompartmentDff(somas, rate, window, cfg.baselinePercentile(), cfg.smoothingFrames());
        dendrite = new CompartmentDff(dendrites, rate, window, cfg.baselinePercentile(), cfg.smoothingFrames());
        detector = new EventDetector(pairs, cfg, rate);
        fits = new PairFit[pairs];
        for (int i = 0; i < pairs; i++) fits[i] = new PairFit();
        fitTried = new boolean[pairs];
        decay = Math.pow(2, -1 / cfg.halfLifeEvents());
        trace = new double[pairs];
        lastResidual = new double[pairs];
        java.util.Arrays.fill(lastResidual, Double.NaN);
        amplified = new int[pairs];
        attenuated = new int[pairs];
        events = new int[pairs];
        int lookback = ResidualSection.frames(cfg.lookback(), rate);
        fitDelay = detector.delayFrames() + 2 * lookback + 1;
        int size = Integer.highestOneBit(fitDelay + ResidualSection.frames(cfg.rise(), rate) + 8) << 1;
        times = new double[size];
        referenceAt = new boolean[size];
        timeMask = size - 1;
    }

    private static double seconds(org.apical.config.Duration d, double rate) {
        return d.inFrames() ? d.value() / rate : d.value();
    }

    /**
     * One frame: {@code raw} indexed by stream channel; {@code reference} whether it belongs to the reference period
     * (the task's baseline, for a reference fit). Completed events go to {@code listener}.
     */
    public void step(double time, double[] raw, boolean reference, Listener listener) {
        long t = ++frame;
        this.listener = listener;
        times[(int) (t & timeMask)] = time;
        referenceAt[(int) (t & timeMask)] = reference;
        if (!reference && referenceEnd < 0) referenceEnd = t;
        soma.step(raw);
        dendrite.step(raw);
        detector.step(soma.smoothed, dendrite.smoothed, soma.noise, dendrite.noise, onDetected);
        if (!cfg.running() && !fittedAll && referenceEnd >= 0 && t >= referenceEnd + fitDelay) {
            // every event of the reference period has been reported by now
            for (int p = 0; p < pairs; p++) fitOnce(p);
            fittedAll = true;
        }
        for (int p = 0; p < pairs; p++) {
            PairFit f = fits[p];
            trace[p] = f.ready() ? dendrite.smoothed[p] - f.slope() * soma.smoothed[p] : Double.NaN;
        }
    }

    private void fitOnce(int p) {
        if (fitTried[p]) return;
        fitTried[p] = true;
        fitNow(p);
    }

    private void fitNow(int p) {
        // an amplitude is a peak minus a minimum of the smoothed trace: their noise has about σ²/w variance on
        // the simulated rig (less than two free samples' 2σ²/w: picking the extremes narrows it); see
        // docs/residuals.md
        double sigma = soma.noise(p);
        fits[p].fitReference(cfg.minEvents(), cfg.robust(), amplitudeNoiseVariance(sigma, cfg.smoothingFrames()));
    }

    /** The variance of a somatic amplitude's measurement noise, for the errors-in-variables correction. */
    static double amplitudeNoiseVariance(double noiseSd, int smoothingFrames) {
        return noiseSd * noiseSd / smoothingFrames;
    }

    private void onEvent(int p, long peakFrame, double s, double d, boolean coincident) {
        PairFit fit = fits[p];
        boolean inReference = referenceAt[(int) (peakFrame & timeMask)];
        boolean fits = coincident || !cfg.coincidentOnly();
        double predicted = Double.NaN, residual = Double.NaN;
        ResidualEvent.Kind kind = ResidualEvent.Kind.REFERENCE;
        if (cfg.running()) {
            if (fit.ready()) {
                predicted = fit.predict(s);
                residual = d - predicted;
                kind = classify(residual, fit.residualSd());
            }
            if (fits) fit.update(s, d, decay, cfg.robust(), cfg.minEvents());
        } else if (inReference) {
            if (fits) fit.addReference(s, d);
        } else {
            fitOnce(p);
            if (fit.ready()) {
                predicted = fit.predict(s);
                residual = d - predicted;
                kind = classify(residual, fit.residualSd());
            } else if (fits) {
                // too few events on the reference period: it goes on for this pair until it has enough
                fit.addReference(s, d);
                fitNow(p);
            }
        }
        events[p]++;
        if (kind == ResidualEvent.Kind.AMPLIFIED) amplified[p]++;
        if (kind == ResidualEvent.Kind.ATTENUATED) attenuated[p]++;
        if (!Double.isNaN(residual)) lastResidual[p] = residual;
        if (listener != null) {
            listener.onResidualEvent(new ResidualEvent(p, (int) peakFrame, times[(int) (peakFrame & timeMask)], s, d,
                    predicted, residual, kind, coincident));
        }
    }

    private ResidualEvent.Kind classify(double residual, double sd) {
        if (!(sd > 0)) return ResidualEvent.Kind.NEITHER;
        if (residual > cfg.classifySds() * sd) return ResidualEvent.Kind.AMPLIFIED;
        if (residual < -cfg.classifySds() * sd) return ResidualEvent.Kind.ATTENUATED;
        return ResidualEvent.Kind.NEITHER;
    }

    public int pairs() { return pairs; }
    /** This frame's residual trace per pair (NaN before the pair has a line). */
    public double[] trace() { return trace; }
    public PairFit fit(int pair) { return fits[pair]; }
    /** Smoothed dF/F of pair {@code p}'s soma and dendrite on the last frame. */
    public double somaDff(int p) { return soma.smoothed[p]; }
    public double dendriteDff(int p) { return dendrite.smoothed[p]; }
    public double somaBaseline(int p) { return soma.baseline(p); }
    public double dendriteBaseline(int p) { return dendrite.baseline(p); }
    public double somaNoise(int p) { return soma.noise(p); }
    public int events(int p) { return events[p]; }
    public int amplified(int p) { return amplified[p]; }
    public int attenuated(int p) { return attenuated[p]; }
    /** The residual of the pair's last judged event, NaN before one. */
    public double lastResidual(int p) { return lastResidual[p]; }
}
